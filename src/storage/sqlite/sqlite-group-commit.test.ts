import { afterEach, describe, expect, it } from 'vitest';
import { ledgerEntry } from '../../../test/kits/storage/usage-store.fixtures.ts';
import { createMemoryBlobStore } from '../memory-blob-store.ts';
import type { ExecutedQuery } from '../sql/query-log.ts';
import { createSqliteStores, type SqliteStores } from './create-sqlite-stores.ts';

let stores: SqliteStores | undefined;
afterEach(async () => {
  await stores?.close();
  stores = undefined;
});

async function open(): Promise<{ stores: SqliteStores; statements: () => string[]; parameters: () => unknown[][] }> {
  const queries: ExecutedQuery[] = [];
  let ids = 0;
  stores = await createSqliteStores({ file: ':memory:', blobStore: createMemoryBlobStore(), pepper: 'test-pepper', onQuery: (query) => queries.push(query), generateId: (prefix) => `${prefix}_${++ids}` });
  queries.length = 0;
  // Each statement by its first word and table.
  const statements = () => queries.splice(0).map(({ sql }) => sql.trim().toLowerCase().split(/\s+/).slice(0, 3).join(' ').replace(/ (set|values|where).*$/, '').replaceAll('"', ''));
  const parameters = () => queries.map((query) => [...query.parameters]);
  return { stores, statements, parameters };
}

const now = Date.parse('2025-05-01T12:00:00Z');

describe('sqlite stores: ledger rows without a reservation', () => {
  it('one row is one INSERT on its own (no BEGIN/COMMIT); the rows of one tick share one transaction; every column as recorded', async () => {
    const { stores, statements, parameters } = await open();
    await stores.usage.record([ledgerEntry({ responseId: 'resp_1', costMicros: 1_234_567, createdAt: now })]);
    expect(parameters()).toEqual([['led_1', 'key_a', 'resp_1', null, 'gpt-image-1', 'image', 0, 0, 0, 1, 1_234_567, 'per_image', now]]);
    expect(statements()).toEqual(['insert into usage_ledger']);
    await Promise.all(['resp_2', 'resp_3', 'resp_4'].map((responseId) => stores.usage.record([ledgerEntry({ responseId, keyId: null, createdAt: now + 1 })])));
    expect(statements()).toEqual(['begin', 'insert into usage_ledger', 'insert into usage_ledger', 'insert into usage_ledger', 'commit']);
    const report = await stores.usage.usage({ from: now, to: now + 2, groupBy: 'key' });
    expect(report.rows).toEqual([
      { group: null, costMicros: 120_000, images: 3, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, entries: 3 },
      { group: 'key_a', costMicros: 1_234_567, images: 1, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, entries: 1 },
    ]);
  });
});

describe('sqlite stores: group commit of settlements', () => {
  it('settlements of one tick (the ledger rows of keys with budgets) share one transaction, same answers as alone', async () => {
    const { stores, statements } = await open();
    const reservations = [];
    for (const responseId of ['resp_1', 'resp_2', 'resp_3', 'resp_4']) {
      const reserved = await stores.budgets.reserve({ keyId: 'key_a', responseId, amountMicros: 50_000, limits: { dailyMicros: 1_000_000 }, now });
      if (!reserved.ok) throw new Error('not reserved');
      reservations.push({ reservationId: reserved.reservationId, responseId });
    }
    statements();
    const settled = await Promise.all(
      reservations.map(({ reservationId, responseId }) => stores.budgets.settle(reservationId, { actualMicros: 40_000, entries: [ledgerEntry({ responseId, createdAt: now })] })),
    );
    expect(settled).toEqual([true, true, true, true]);
    // Without group commit: four BEGIN…COMMIT, one per settlement.
    expect(statements()).toEqual(['begin', ...Array.from({ length: 4 }, () => ['update budget_reservations', 'insert into usage_ledger']).flat(), 'commit']);
    expect(await stores.budgets.headroom({ keyId: 'key_a', limits: { dailyMicros: 1_000_000 }, now })).toMatchObject({ micros: 1_000_000 - 4 * 40_000 });
  });

  it('a settlement that must roll back (an entry of another key) fails alone: the others of its tick settle once', async () => {
    const { stores } = await open();
    const reserved = await Promise.all(
      ['resp_1', 'resp_2', 'resp_3'].map((responseId) => stores.budgets.reserve({ keyId: 'key_a', responseId, amountMicros: 50_000, limits: { dailyMicros: 1_000_000 }, now })),
    );
    const ids = reserved.map((result) => (result.ok ? result.reservationId : ''));
    const outcomes = await Promise.allSettled(
      ids.map((id, index) => stores.budgets.settle(id, { actualMicros: 40_000, entries: [ledgerEntry({ responseId: `resp_${index + 1}`, keyId: index === 1 ? 'key_b' : 'key_a', createdAt: now })] })),
    );
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
    const report = await stores.usage.usage({ from: now - 1, to: now + 1, groupBy: 'key' });
    expect(report.rows).toMatchObject([{ group: 'key_a', entries: 2, costMicros: 80_000 }]);
    expect((await stores.budgets.activeReservations()).map((reservation) => reservation.id)).toEqual([ids[1]]);
  });
});
