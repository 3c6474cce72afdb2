import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BudgetLimits, BudgetStore, ReserveResult } from '../../../src/storage/budget-store.ts';
import { ledgerEntry } from './usage-store.fixtures.ts';
import type { UsageStore } from '../../../src/storage/usage-store.ts';

export interface AccountingStores {
  budgets: BudgetStore;
  usage: UsageStore;
  close(): Promise<void>;
}

export interface BudgetStoreContractOptions {
  name: string;
  /** Opens new, empty stores sharing one database; `now` (Unix milliseconds) stamps settle and release. */
  create: (now: () => number) => Promise<AccountingStores>;
}

const at = (iso: string) => Date.parse(iso);
const noon = at('2025-05-01T12:00:00Z');
const centsFour = 40_000;

/** The behaviour every BudgetStore backend must show; call it from the backend's test file. */
export function runBudgetStoreContract({ name, create }: BudgetStoreContractOptions): void {
  describe(`${name} — BudgetStore contract`, () => {
    let stores: AccountingStores;
    let budgets: BudgetStore;

    beforeEach(async () => {
      stores = await create(() => noon);
      budgets = stores.budgets;
    });

    afterEach(async () => {
      await stores.close();
    });

    const reserve = (amountMicros: number, limits: BudgetLimits, options: { keyId?: string; now?: number; responseId?: string } = {}) =>
      budgets.reserve({ keyId: options.keyId ?? 'key_a', responseId: options.responseId ?? 'resp_1', amountMicros, limits, now: options.now ?? noon });
    const idOf = (result: ReserveResult): string => {
      if (!result.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
      return result.reservationId;
    };
    const settle = (reservationId: string, costMicros: number, createdAt = noon) =>
      budgets.settle(reservationId, { actualMicros: costMicros, entries: [ledgerEntry({ costMicros, createdAt })] });

    it('lets exactly 10 of 200 racing $0.04 reservations through a $0.40 budget', async () => {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, index) => reserve(centsFour, { dailyMicros: 10 * centsFour }, { responseId: `resp_${index}` })),
      );
      expect(results.filter((result) => result.ok)).toHaveLength(10);
      for (const result of results.filter((result) => !result.ok)) {
        expect(result).toEqual({ ok: false, scope: 'daily', limitMicros: 400_000, usedMicros: 400_000 });
      }
      expect(await budgets.activeReservations()).toHaveLength(10);
    });

    it('checks every cap and reports the one that resets last', async () => {
      idOf(await reserve(60, { dailyMicros: 100, monthlyMicros: 1000, totalMicros: 1000 }));
      expect(await reserve(50, { dailyMicros: 100 })).toEqual({ ok: false, scope: 'daily', limitMicros: 100, usedMicros: 60 });
      expect(await reserve(50, { monthlyMicros: 100 })).toEqual({ ok: false, scope: 'monthly', limitMicros: 100, usedMicros: 60 });
      expect(await reserve(50, { dailyMicros: 100, totalMicros: 90 })).toEqual({ ok: false, scope: 'total', limitMicros: 90, usedMicros: 60 });
      idOf(await reserve(40, { dailyMicros: 100, monthlyMicros: 100, totalMicros: 100 }));
      expect((await reserve(0, { totalMicros: 100 })).ok).toBe(true);
      expect((await reserve(1, { totalMicros: 100 })).ok).toBe(false);
    });

    it('reports headroom as the tightest cap minus spend and active reservations', async () => {
      const headroom = (limits: BudgetLimits) => budgets.headroom({ keyId: 'key_a', limits, now: noon });
      expect(await headroom({})).toEqual({ micros: Number.POSITIVE_INFINITY, scope: undefined, limitMicros: undefined, usedMicros: undefined });
      const first = idOf(await reserve(60, { dailyMicros: 100 }));
      expect(await headroom({ dailyMicros: 100, monthlyMicros: 1000 })).toEqual({ micros: 40, scope: 'daily', limitMicros: 100, usedMicros: 60 });
      await settle(first, 25);
      expect(await headroom({ dailyMicros: 100, totalMicros: 50 })).toEqual({ micros: 25, scope: 'total', limitMicros: 50, usedMicros: 25 });
      idOf(await reserve(25, { totalMicros: 50 }));
      expect(await headroom({ totalMicros: 50 })).toMatchObject({ micros: 0 });
      expect((await reserve(1, { totalMicros: 50 })).ok).toBe(false);
    });

    it('reserves without caps, and keeps keys apart', async () => {
      idOf(await reserve(1_000_000, {}));
      idOf(await reserve(100, { dailyMicros: 100 }, { keyId: 'key_b' }));
      expect(await reserve(1, { dailyMicros: 100 }, { keyId: 'key_b' })).toMatchObject({ ok: false, usedMicros: 100 });
      expect((await reserve(100, { dailyMicros: 100 }, { keyId: 'key_c' })).ok).toBe(true);
    });

    it('settles below the reservation and frees the rest, exactly', async () => {
      const first = idOf(await reserve(60, { dailyMicros: 100 }));
      expect(await reserve(50, { dailyMicros: 100 })).toMatchObject({ ok: false, usedMicros: 60 });
      expect(await settle(first, 30)).toBe(true);
      idOf(await reserve(70, { dailyMicros: 100 }));
      expect(await reserve(1, { dailyMicros: 100 })).toMatchObject({ ok: false, usedMicros: 100 });
      expect(await stores.usage.spent({ keyId: 'key_a', from: 0, to: noon + 1 })).toBe(30);
    });

    it('records an overrun as spent, so later reservations see it', async () => {
      const first = idOf(await reserve(60, { dailyMicros: 100 }));
      expect(await settle(first, 90)).toBe(true);
      expect(await reserve(20, { dailyMicros: 100 })).toEqual({ ok: false, scope: 'daily', limitMicros: 100, usedMicros: 90 });
      idOf(await reserve(10, { dailyMicros: 100 }));
      const over = idOf(await reserve(0, {}));
      await settle(over, 50);
      expect(await reserve(0, { dailyMicros: 100 })).toEqual({ ok: false, scope: 'daily', limitMicros: 100, usedMicros: 150 });
    });

    it('releases idempotently and never charges twice', async () => {
      const released = idOf(await reserve(60, { dailyMicros: 100 }));
      expect(await budgets.release(released)).toBe(true);
      expect(await budgets.release(released)).toBe(false);
      expect(await settle(released, 60)).toBe(false);
      const settled = idOf(await reserve(60, { dailyMicros: 100 }));
      expect(await settle(settled, 60)).toBe(true);
      expect(await settle(settled, 60)).toBe(false);
      expect(await budgets.release(settled)).toBe(false);
      expect(await budgets.release('rsv_missing')).toBe(false);
      expect(await settle('rsv_missing', 5)).toBe(false);
      const usage = await stores.usage.usage({ from: 0, to: noon + 1, groupBy: 'key' });
      expect(usage.totals).toMatchObject({ costMicros: 60, entries: 1 });
      expect(await reserve(41, { dailyMicros: 100 })).toMatchObject({ ok: false, usedMicros: 60 });
    });

    it('keeps sums exact to the micro-dollar over many settlements', async () => {
      const amounts = Array.from({ length: 300 }, (_, index) => 1 + ((index * 7919) % 4001));
      for (const amount of amounts) await settle(idOf(await reserve(amount, {})), amount);
      const expected = amounts.reduce((sum, amount) => sum + amount, 0);
      expect(await stores.usage.spent({ keyId: 'key_a', from: 0, to: noon + 1 })).toBe(expected);
      expect(await reserve(1, { totalMicros: expected })).toMatchObject({ ok: false, usedMicros: expected });
      expect((await reserve(0, { totalMicros: expected })).ok).toBe(true);
    });

    it('resets the daily budget at 00:00 UTC and the monthly one on the 1st', async () => {
      const lateMarch = at('2025-03-31T23:59:59.999Z');
      await settle(idOf(await reserve(100, {}, { now: lateMarch })), 100, lateMarch);
      expect(await reserve(1, { dailyMicros: 100 }, { now: lateMarch })).toMatchObject({ ok: false, scope: 'daily' });
      const april = at('2025-04-01T00:00:00.000Z');
      expect((await reserve(100, { dailyMicros: 100 }, { keyId: 'key_a', now: april })).ok).toBe(true);

      const marchTenth = at('2025-03-10T09:00:00Z');
      const spend = idOf(await reserve(100, {}, { keyId: 'key_m', now: marchTenth }));
      await budgets.settle(spend, { actualMicros: 100, entries: [ledgerEntry({ keyId: 'key_m', costMicros: 100, createdAt: marchTenth })] });
      const nextDay = at('2025-03-11T09:00:00Z');
      expect(await reserve(60, { dailyMicros: 100, monthlyMicros: 150 }, { keyId: 'key_m', now: nextDay })).toEqual({
        ok: false,
        scope: 'monthly',
        limitMicros: 150,
        usedMicros: 100,
      });
      expect((await reserve(60, { dailyMicros: 100, monthlyMicros: 150 }, { keyId: 'key_m', now: at('2025-04-01T09:00:00Z') })).ok).toBe(true);
      expect(await reserve(1, { totalMicros: 160 }, { keyId: 'key_m', now: at('2026-01-01T00:00:00Z') })).toMatchObject({
        ok: false,
        scope: 'total',
        usedMicros: 160,
      });
    });

    it('counts active reservations in every window, whenever they were made', async () => {
      idOf(await reserve(100, {}, { now: at('2025-03-31T23:00:00Z') }));
      expect(await reserve(1, { dailyMicros: 100 }, { now: at('2025-04-01T01:00:00Z') })).toMatchObject({ ok: false, usedMicros: 100 });
    });

    it('lists active reservations for crash recovery and releases a response at once', async () => {
      const early = idOf(await reserve(10, {}, { responseId: 'resp_crashed', now: at('2025-05-01T10:00:00Z') }));
      const second = idOf(await reserve(20, {}, { responseId: 'resp_crashed', now: at('2025-05-01T10:00:01Z') }));
      const other = idOf(await reserve(30, {}, { responseId: 'resp_live', keyId: 'key_b', now: at('2025-05-01T11:00:00Z') }));
      const settled = idOf(await reserve(5, {}, { responseId: 'resp_crashed', now: at('2025-05-01T09:00:00Z') }));
      await settle(settled, 5);
      expect(await budgets.activeReservations()).toEqual([
        { id: early, keyId: 'key_a', responseId: 'resp_crashed', amountMicros: 10, createdAt: at('2025-05-01T10:00:00Z') },
        { id: second, keyId: 'key_a', responseId: 'resp_crashed', amountMicros: 20, createdAt: at('2025-05-01T10:00:01Z') },
        { id: other, keyId: 'key_b', responseId: 'resp_live', amountMicros: 30, createdAt: at('2025-05-01T11:00:00Z') },
      ]);
      expect((await budgets.activeReservations({ olderThan: at('2025-05-01T10:00:01Z') })).map((item) => item.id)).toEqual([early]);
      expect(await budgets.releaseAll('resp_crashed')).toBe(2);
      expect(await budgets.releaseAll('resp_crashed')).toBe(0);
      expect((await budgets.activeReservations()).map((item) => item.id)).toEqual([other]);
      expect(await budgets.release(early)).toBe(false);
    });

    it('refuses a settlement for another key or with a wrong total, leaving the reservation active', async () => {
      const id = idOf(await reserve(60, { dailyMicros: 100 }));
      await expect(
        budgets.settle(id, { actualMicros: 40, entries: [ledgerEntry({ keyId: 'key_b', costMicros: 40 })] }),
      ).rejects.toThrow(TypeError);
      await expect(budgets.settle(id, { actualMicros: 41, entries: [ledgerEntry({ costMicros: 40 })] })).rejects.toThrow(TypeError);
      await expect(budgets.settle(id, { actualMicros: 1, entries: [ledgerEntry({ costMicros: 1, images: -1 })] })).rejects.toThrow(TypeError);
      expect((await budgets.activeReservations()).map((item) => item.id)).toEqual([id]);
      expect(await stores.usage.spent({ keyId: 'key_b', from: 0, to: noon + 1 })).toBe(0);
      expect(await settle(id, 40)).toBe(true);
    });

    it('rejects amounts and caps that are not whole micro-dollars', async () => {
      await expect(reserve(0.5, {})).rejects.toThrow(TypeError);
      await expect(reserve(-1, {})).rejects.toThrow(TypeError);
      await expect(reserve(1, { dailyMicros: 1.5 })).rejects.toThrow(TypeError);
      await expect(reserve(1, { daily: 5 } as BudgetLimits)).rejects.toThrow(TypeError);
      await expect(budgets.reserve({ keyId: '', responseId: 'resp_1', amountMicros: 1, limits: {}, now: noon })).rejects.toThrow(TypeError);
      expect(await budgets.activeReservations()).toEqual([]);
    });
  });
}
