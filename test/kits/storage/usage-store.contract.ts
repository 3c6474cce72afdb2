import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccountingStores } from './budget-store.contract.ts';
import { ledgerEntry } from './usage-store.fixtures.ts';
import type { LedgerEntry, UsageReport, UsageStore } from '../../../src/storage/usage-store.ts';

export interface UsageStoreContractOptions {
  name: string;
  /** Opens new, empty stores sharing one database. */
  create: () => Promise<AccountingStores>;
}

const at = (iso: string) => Date.parse(iso);
const may = { from: at('2025-05-01T00:00:00Z'), to: at('2025-06-01T00:00:00Z') };

const entries: LedgerEntry[] = [
  ledgerEntry({ keyId: 'key_a', model: 'gpt-image-1', costMicros: 40_000, createdAt: at('2025-05-01T00:00:00Z') }),
  ledgerEntry({ keyId: 'key_a', model: 'gpt-image-1', costMicros: 40_000, createdAt: at('2025-05-01T23:59:59.999Z') }),
  ledgerEntry({
    keyId: 'key_a',
    model: 'gpt-4.1',
    kind: 'text',
    images: 0,
    inputTokens: 1200,
    cachedInputTokens: 200,
    outputTokens: 300,
    costMicros: 4_700,
    basis: 'tokens',
    createdAt: at('2025-05-02T08:00:00Z'),
  }),
  ledgerEntry({ keyId: 'key_b', model: 'gpt-image-1', kind: 'image_partial', images: 0, outputTokens: 100, costMicros: 4_000, basis: 'tokens', createdAt: at('2025-05-02T09:00:00Z') }),
  ledgerEntry({ keyId: null, model: 'dall-e-3', costMicros: 80_000, createdAt: at('2025-05-03T10:00:00Z') }),
  // Outside May: before `from`, and exactly at `to` (excluded).
  ledgerEntry({ keyId: 'key_a', costMicros: 1, createdAt: at('2025-04-30T23:59:59.999Z') }),
  ledgerEntry({ keyId: 'key_a', costMicros: 2, createdAt: may.to }),
];

/** Reports every UsageStore backend must produce; call it from the backend's test file. */
export function runUsageStoreContract({ name, create }: UsageStoreContractOptions): void {
  describe(`${name} — UsageStore contract`, () => {
    let stores: AccountingStores;
    let usage: UsageStore;

    beforeEach(async () => {
      stores = await create();
      usage = stores.usage;
      await usage.record(entries);
    });

    afterEach(async () => {
      await stores.close();
    });

    const expectTotalsToBeRowSums = (report: UsageReport) => {
      for (const field of ['costMicros', 'images', 'inputTokens', 'cachedInputTokens', 'outputTokens', 'entries'] as const) {
        expect(report.totals[field]).toBe(report.rows.reduce((sum, row) => sum + row[field], 0));
      }
    };

    it('groups by UTC day', async () => {
      const report = await usage.usage({ ...may, groupBy: 'day' });
      expect(report.rows.map((row) => [row.group, row.costMicros, row.images, row.entries])).toEqual([
        ['2025-05-01', 80_000, 2, 2],
        ['2025-05-02', 8_700, 0, 2],
        ['2025-05-03', 80_000, 1, 1],
      ]);
      expect(report.totals).toEqual({ costMicros: 168_700, images: 3, inputTokens: 1200, cachedInputTokens: 200, outputTokens: 400, entries: 5 });
      expectTotalsToBeRowSums(report);
    });

    it('groups by model', async () => {
      const report = await usage.usage({ ...may, groupBy: 'model' });
      expect(report.rows).toEqual([
        { group: 'dall-e-3', costMicros: 80_000, images: 1, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, entries: 1 },
        { group: 'gpt-4.1', costMicros: 4_700, images: 0, inputTokens: 1200, cachedInputTokens: 200, outputTokens: 300, entries: 1 },
        { group: 'gpt-image-1', costMicros: 84_000, images: 2, inputTokens: 0, cachedInputTokens: 0, outputTokens: 100, entries: 3 },
      ]);
      expectTotalsToBeRowSums(report);
    });

    it('groups by key, key-less usage first', async () => {
      const report = await usage.usage({ ...may, groupBy: 'key' });
      expect(report.rows.map((row) => [row.group, row.costMicros])).toEqual([
        [null, 80_000],
        ['key_a', 84_700],
        ['key_b', 4_000],
      ]);
      expectTotalsToBeRowSums(report);
    });

    it("shows a key only its own usage", async () => {
      const report = await usage.usage({ ...may, keyId: 'key_b', groupBy: 'model' });
      expect(report.rows.map((row) => [row.group, row.costMicros])).toEqual([['gpt-image-1', 4_000]]);
      expect((await usage.usage({ ...may, keyId: null, groupBy: 'key' })).totals.costMicros).toBe(80_000);
      expect((await usage.usage({ ...may, keyId: 'key_none', groupBy: 'day' })).rows).toEqual([]);
    });

    it('treats the range as [from, to)', async () => {
      expect(await usage.spent({ keyId: 'key_a', ...may })).toBe(84_700);
      expect(await usage.spent({ keyId: 'key_a', from: 0, to: may.to + 1 })).toBe(84_703);
      const day = await usage.usage({ keyId: 'key_a', from: at('2025-05-01T00:00:00Z'), to: at('2025-05-02T00:00:00Z'), groupBy: 'day' });
      expect(day.totals).toMatchObject({ costMicros: 80_000, entries: 2 });
    });

    it('records nothing from a batch with one bad entry', async () => {
      const before = await usage.usage({ from: 0, to: at('2100-01-01T00:00:00Z'), groupBy: 'key' });
      await expect(usage.record([ledgerEntry({ costMicros: 5 }), ledgerEntry({ costMicros: 1.5 })])).rejects.toThrow(TypeError);
      await expect(usage.record([ledgerEntry({ kind: 'video' as LedgerEntry['kind'] })])).rejects.toThrow(TypeError);
      await expect(usage.record([ledgerEntry({ inputTokens: 1, cachedInputTokens: 2 })])).rejects.toThrow(TypeError);
      expect(await usage.usage({ from: 0, to: at('2100-01-01T00:00:00Z'), groupBy: 'key' })).toEqual(before);
    });
  });
}
