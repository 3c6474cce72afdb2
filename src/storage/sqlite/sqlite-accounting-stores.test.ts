import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runBudgetStoreContract } from '../../../test/kits/storage/budget-store.contract.ts';
import { runKeyStoreContract } from '../../../test/kits/storage/key-store.contract.ts';
import { createMemoryBlobStore } from '../memory-blob-store.ts';
import { migrateAccountingStore } from '../sql/accounting-store-migrations.ts';
import { createKyselyBudgetStore } from '../sql/kysely-budget-store.ts';
import { createKyselyUsageStore } from '../sql/kysely-usage-store.ts';
import { runUsageStoreContract } from '../../../test/kits/storage/usage-store.contract.ts';
import { createSqliteStores, type SqliteStores } from './create-sqlite-stores.ts';
import { openSqliteKysely } from './open-sqlite-kysely.ts';

const pepper = 'test-pepper';
const openMemory = (now?: () => number) => createSqliteStores({ file: ':memory:', blobStore: createMemoryBlobStore(), pepper, now });

runKeyStoreContract({ name: 'sqlite', create: openMemory });
runBudgetStoreContract({ name: 'sqlite single-statement', create: openMemory });
runUsageStoreContract({ name: 'sqlite', create: () => openMemory() });

// The PostgreSQL serialization (row lock, then the statement) must be right on its own too.
runBudgetStoreContract({
  name: 'sqlite lock-key-row',
  create: async (now) => {
    const db = openSqliteKysely({ file: ':memory:' });
    await migrateAccountingStore(db as Kysely<unknown>);
    return {
      budgets: createKyselyBudgetStore({ db, serialization: 'lock-key-row', now }),
      usage: createKyselyUsageStore({ db }),
      close: () => db.destroy(),
    };
  },
});

describe('sqlite accounting stores on disk', () => {
  let folder: string;
  let file: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'imagegate-accounting-'));
    file = join(folder, 'imagegate.sqlite');
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const open = (options: { pepper?: string } = {}) =>
    createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: options.pepper ?? pepper });

  it('never writes a secret to the database file', async () => {
    const stores = await open();
    const created = await Promise.all([1, 2, 3].map((index) => stores.keys.createKey({ name: `key ${index}`, policy: {} })));
    const tableText = JSON.stringify(new Database(file, { readonly: true }).prepare('SELECT * FROM api_keys').all());
    await stores.close();
    const bytes = Buffer.concat(
      await Promise.all([file, `${file}-wal`, `${file}-shm`].filter((path) => existsSync(path)).map((path) => readFile(path))),
    );
    for (const { record, secret } of created) {
      expect(tableText).toContain(record.prefix);
      expect(tableText).not.toContain(secret);
      expect(tableText).not.toContain(secret.slice(12));
      expect(bytes.includes(secret.slice(12))).toBe(false);
      expect(bytes.includes(Buffer.from(secret.slice(12), 'base64url'))).toBe(false);
    }
  });

  it('finds keys after reopening, but not under another pepper', async () => {
    const first = await open();
    const { record, secret } = await first.keys.createKey({ name: 'a', policy: { maxImagesPerResponse: 2 } });
    await first.close();
    const second = await open();
    expect(await second.keys.findBySecret(secret)).toEqual(record);
    await second.close();
    const repeppered = await open({ pepper: 'another-pepper' });
    expect(await repeppered.keys.findBySecret(secret)).toBeUndefined();
    expect(await repeppered.keys.count()).toBe(1);
    await repeppered.close();
    await expect(open({ pepper: '' })).rejects.toThrow(TypeError);
  });

  it('lets exactly 10 of 200 reservations through when two connections race', async () => {
    const instances: SqliteStores[] = [await open(), await open()];
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          instances[index % 2]!.budgets.reserve({
            keyId: 'key_shared',
            responseId: `resp_${index}`,
            amountMicros: 40_000,
            limits: { dailyMicros: 400_000 },
            now: Date.parse('2025-05-01T12:00:00Z'),
          }),
        ),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(10);
      expect(await instances[1]!.budgets.activeReservations()).toHaveLength(10);
    } finally {
      await Promise.all(instances.map((stores) => stores.close()));
    }
  });

  it('shares one connection: closing the bundle closes every store, once', async () => {
    const stores = await open();
    await stores.responses.close();
    await stores.close();
    await expect(stores.keys.count()).rejects.toThrow();
    const database = new Database(file, { readonly: true });
    try {
      expect(database.prepare('SELECT name FROM accounting_store_migration').all()).toEqual([{ name: '0001_create_accounting' }, { name: '0002_drop_usage_ledger_response' }]);
      expect(database.prepare('SELECT name FROM response_store_migration').all()).toEqual([{ name: '0001_create_responses' }, { name: '0002_response_status' }]);
    } finally {
      database.close();
    }
  });
});
