import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ledgerEntry } from '../../../test/kits/storage/usage-store.fixtures.ts';
import { createMemoryBlobStore } from '../memory-blob-store.ts';
import type { ExecutedQuery } from '../sql/query-log.ts';
import { createSqliteStores, type SqliteStores } from './create-sqlite-stores.ts';

let cleanup: (() => Promise<void>) | undefined;
afterEach(async () => {
  await cleanup?.();
  cleanup = undefined;
});

async function openFile(onQuery?: (query: ExecutedQuery) => void): Promise<{ file: string; open: () => Promise<SqliteStores> }> {
  const folder = await mkdtemp(join(tmpdir(), 'imagegate-ledger-'));
  const file = join(folder, 'imagegate.sqlite');
  const opened: SqliteStores[] = [];
  cleanup = async () => {
    for (const stores of opened) await stores.close();
    await rm(folder, { recursive: true, force: true });
  };
  const open = async () => {
    const stores = await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'test-pepper', walCheckpoints: false, ...(onQuery === undefined ? {} : { onQuery }) });
    opened.push(stores);
    return stores;
  };
  return { file, open };
}

const now = Date.parse('2025-05-01T12:00:00Z');
const day = 86_400_000;

describe('usage_ledger: every query reads an index', () => {
  it('usage reports (day, model, key; all keys, one key, keyless), spend and budget checks search an index, never scan the ledger', async () => {
    const queries: ExecutedQuery[] = [];
    const { file, open } = await openFile((query) => queries.push(query));
    const stores = await open();
    await stores.usage.record([ledgerEntry({ createdAt: now }), ledgerEntry({ keyId: null, responseId: 'resp_2', createdAt: now })]);
    queries.length = 0;
    for (const groupBy of ['day', 'model', 'key'] as const) {
      for (const keyId of [undefined, 'key_a', null]) await stores.usage.usage({ from: now - day, to: now + day, groupBy, ...(keyId === undefined ? {} : { keyId }) });
    }
    await stores.usage.spent({ keyId: 'key_a', from: now - day, to: now + day });
    const limits = { dailyMicros: 10_000_000, monthlyMicros: 20_000_000, totalMicros: 30_000_000 };
    await stores.budgets.headroom({ keyId: 'key_a', limits, now });
    const reserved = await stores.budgets.reserve({ keyId: 'key_a', responseId: 'resp_3', amountMicros: 1_000, limits, now });
    expect(reserved.ok).toBe(true);

    const reads = queries.filter(({ sql }) => /from "usage_ledger"/.test(sql) && !/^\s*insert into "usage_ledger"/.test(sql));
    // 9 reports, 1 spend, 1 headroom, and the reservation's check and its conditional insert.
    expect(reads).toHaveLength(14);
    const side = new Database(file, { readonly: true });
    try {
      for (const { sql, parameters } of reads) {
        const plan = (side.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as Array<{ detail: string }>).map((row) => row.detail);
        const ledgerSteps = plan.filter((detail) => /\busage_ledger\b/.test(detail));
        expect(ledgerSteps.length, sql).toBeGreaterThan(0);
        for (const step of ledgerSteps) expect(step, sql).toMatch(/^SEARCH usage_ledger USING (COVERING )?INDEX usage_ledger_(key_)?created \(/);
      }
    } finally {
      side.close();
    }
  });
});

describe('accounting migration 0002', () => {
  it('drops usage_ledger_response from an existing database and keeps every row', async () => {
    const { file, open } = await openFile();
    const before = await open();
    const entries = Array.from({ length: 25 }, (_, index) => ledgerEntry({ responseId: `resp_${index}`, costMicros: 1_000 + index, createdAt: now + index }));
    await before.usage.record(entries);
    await before.close();
    // Back to the schema before 0002: the index exists and 0002 is not recorded as applied.
    const old = new Database(file);
    old.exec(`create index usage_ledger_response on usage_ledger (response_id); delete from accounting_store_migration where name = '0002_drop_usage_ledger_response'`);
    const ledgerBefore = old.prepare('select * from usage_ledger order by id').all();
    old.close();

    const after = await open();
    const check = new Database(file, { readonly: true });
    try {
      const indexes = check.prepare(`select name from sqlite_master where type = 'index' and tbl_name = 'usage_ledger' and sql is not null order by name`).all();
      expect(indexes).toEqual([{ name: 'usage_ledger_created' }, { name: 'usage_ledger_key_created' }]);
      expect(check.prepare('select * from usage_ledger order by id').all()).toEqual(ledgerBefore);
      expect(ledgerBefore).toHaveLength(25);
    } finally {
      check.close();
    }
    expect((await after.usage.usage({ from: now, to: now + day, groupBy: 'key' })).totals).toMatchObject({ entries: 25, costMicros: 25 * 1_000 + 300 });
  });
});
