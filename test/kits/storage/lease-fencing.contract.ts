import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReservationFencedError } from '../../../src/errors/reservation-fenced-error.ts';
import { SpendGuard } from '../../../src/policy/spend-guard.ts';
import { createPriceCatalog } from '../../../src/pricing/index.ts';
import { createKyselyBudgetStore } from '../../../src/storage/sql/kysely-budget-store.ts';
import { createKyselyInstanceStore } from '../../../src/storage/sql/kysely-instance-store.ts';
import { createKyselyUsageStore } from '../../../src/storage/sql/kysely-usage-store.ts';
import type { StorageDatabase } from '../../../src/storage/sql/storage-database.ts';
import type { LedgerEntry } from '../../../src/storage/usage-store.ts';
import type { ScaleOutContractOptions, SharedDatabase } from './scale-out-stores.contract.ts';

const t0 = Date.parse('2025-05-01T12:00:00Z');
const leaseMillis = 10_000;
/** One unit of work costs this much; budgets below are counted in units. */
const UNIT_MICROS = 1000;
/** A text model at 1 micro-dollar per input token and 10 per output token. */
const TEXT_PRICES = { inputUsdPerMillionTokens: 1, cachedInputUsdPerMillionTokens: 1, outputUsdPerMillionTokens: 10, source: 'test', confirmed: false };
const catalog = createPriceCatalog({
  textModels: { 'test-text': TEXT_PRICES },
  imageModels: { 'test-image': { perImage: { usd: { medium: { '1024x1024': UNIT_MICROS / 1e6 } }, source: 'test', confirmed: false }, tokenPrices: null } },
});
const image = { model: 'test-image', quality: 'medium', size: '1024x1024', partialImages: 0 };

/**
 * A stalled instance (its lease renewals held back, as a blocked event loop holds them) against
 * a live one reconciling, with one clock moved by hand: the stalled one never spends what the
 * live one freed, and the live one never frees what the stalled one still holds.
 */
export function runLeaseFencingContract({ name, create }: ScaleOutContractOptions): void {
  describe(`${name} — lease fencing`, () => {
    let shared: SharedDatabase;
    let clock: number;
    const now = () => clock;

    beforeEach(async () => {
      shared = await create();
      clock = t0;
    });
    afterEach(async () => {
      await shared.close();
    });

    /** One instance's stores; it renews only when a test says so. */
    const instance = async (id: string) => {
      const db = await shared.connect();
      const instances = createKyselyInstanceStore({ db, leaseMillis, now, id, hostname: `host-${id}` });
      const budgets = createKyselyBudgetStore({ db, serialization: shared.serialization, now, lease: instances });
      await instances.renew();
      const reserve = async (responseId: string, units: number) => {
        const result = await budgets.reserve({ keyId: 'key_1', responseId, amountMicros: UNIT_MICROS, limits: { totalMicros: units * UNIT_MICROS }, now: clock });
        return result.ok ? result.reservationId : undefined;
      };
      const settle = (reservationId: string) => budgets.settle(reservationId, { actualMicros: UNIT_MICROS, entries: [entry(`resp_${id}`)] });
      const spendGuard = (responseId: string, units: number) =>
        new SpendGuard({
          catalog,
          budgets,
          usage: createKyselyUsageStore({ db }),
          keyId: 'key_1',
          responseId,
          budgetLimits: { totalMicros: Math.round(units * UNIT_MICROS) },
          maxCostMicros: undefined,
          assumedMaxOutputTokens: 100,
          minStepOutputTokens: 1,
          now,
        });
      /** What the live instance's reconciliation does (reconcile-interrupted-work.ts), without the response store. */
      const reconcile = async () => ({ fenced: await instances.fenceDead(), orphaned: await instances.releaseOrphanedReservations() });
      return { db, instances, budgets, reserve, settle, spendGuard, reconcile };
    };
    const entry = (responseId: string): LedgerEntry => ({
      keyId: 'key_1',
      responseId,
      model: 'test-image',
      kind: 'image',
      inputTokens: 0,
      cachedInputTokens: 0,
      outputTokens: 0,
      images: 1,
      costMicros: UNIT_MICROS,
      basis: 'per_image',
      createdAt: clock,
    });
    const ledgerMicros = async (db: Kysely<StorageDatabase>) =>
      Number((await sql<{ micros: number | string }>`select coalesce(sum(cost_micros), 0) as micros from usage_ledger where key_id = 'key_1'`.execute(db)).rows[0]?.micros);
    const reservation = async (db: Kysely<StorageDatabase>, id: string) =>
      db.selectFrom('budget_reservations').select(['status', 'closed_at']).where('id', '=', id).executeTakeFirstOrThrow();

    it('leaves a stalled holder’s reservation alone within the grace period; the holder renews late and settles it', async () => {
      const a = await instance('inst_a');
      const b = await instance('inst_b');
      const held = await a.reserve('resp_a', 1);
      expect(held).toBeDefined();
      // a missed its renewals: its lease ran out, but not its grace period.
      clock = t0 + leaseMillis + 1;
      await b.instances.renew();
      expect(await b.reconcile()).toEqual({ fenced: 0, orphaned: 0 });
      // The money is still a's: b cannot take it.
      expect(await b.reserve('resp_b', 1)).toBeUndefined();
      // a's settle finds its lease lapsed, renews it (same generation: nobody fenced it) and settles.
      expect(await a.settle(held!)).toBe(true);
      expect(a.instances.current().generation).toBe(1);
      expect(await ledgerMicros(a.db)).toBe(UNIT_MICROS);
    });

    it('a stalled instance fenced past the grace period can neither settle what was released nor take more than the budget', async () => {
      const a = await instance('inst_a');
      const b = await instance('inst_b');
      const stalled = await a.reserve('resp_a', 1);
      clock = t0 + 2 * leaseMillis;
      await b.instances.renew();
      expect(await b.reconcile()).toEqual({ fenced: 1, orphaned: 0 });
      const taken = await b.reserve('resp_b', 1);
      expect(taken).toBeDefined();
      // a wakes up: what it reserved is gone, and the budget is b's now.
      expect(await a.settle(stalled!)).toBe(false);
      expect(await a.reserve('resp_a2', 1)).toBeUndefined();
      expect(await b.settle(taken!)).toBe(true);
      expect(await ledgerMicros(a.db)).toBe(UNIT_MICROS);
      expect(await reservation(a.db, stalled!)).toMatchObject({ status: 'released' });
      expect(Number((await reservation(a.db, stalled!)).closed_at)).toBe(t0 + 2 * leaseMillis);
    });

    it('what a fenced instance reserves after registering again is its own: later reconciliations leave it alone', async () => {
      const a = await instance('inst_a');
      const b = await instance('inst_b');
      const before = await a.reserve('resp_a', 2);
      clock = t0 + 2 * leaseMillis;
      await b.instances.renew();
      expect((await b.reconcile()).fenced).toBe(1);
      // a reserves without having renewed: the store renews first (a new generation), then reserves.
      const after = await a.reserve('resp_a', 2);
      expect(after).toBeDefined();
      expect(await b.reconcile()).toEqual({ fenced: 0, orphaned: 0 });
      expect(await a.settle(after!)).toBe(true);
      expect(await a.settle(before!)).toBe(false);
      expect(await ledgerMicros(a.db)).toBe(UNIT_MICROS);
    });

    it('a fenced image fails with ReservationFencedError: nothing charged or counted, its reservation released exactly once', async () => {
      const a = await instance('inst_a');
      const b = await instance('inst_b');
      const spend = a.spendGuard('resp_a', 1);
      const decision = await spend.reserveImage(image);
      if (!decision.ok) throw new Error(decision.message);
      const reservationId = decision.hold.reservationId!;
      clock = t0 + 2 * leaseMillis;
      await b.instances.renew();
      await b.reconcile();
      const other = b.spendGuard('resp_b', 1);
      const taken = await other.reserveImage(image);
      expect(taken.ok).toBe(true);
      clock += 1;
      await expect(spend.settleImage(decision.hold, { itemId: 'ig_a', ...image, usage: undefined })).rejects.toBeInstanceOf(ReservationFencedError);
      await spend.releaseAll();
      expect(spend.summary()).toMatchObject({ total_usd: 0, lines: [] });
      // Released once, by the reconciler: neither the failed settle nor releaseAll touched it again.
      expect(await reservation(a.db, reservationId)).toMatchObject({ status: 'released' });
      expect(Number((await reservation(a.db, reservationId)).closed_at)).toBe(t0 + 2 * leaseMillis);
      if (taken.ok) await other.settleImage(taken.hold, { itemId: 'ig_b', ...image, usage: undefined });
      expect(await ledgerMicros(a.db)).toBe(UNIT_MICROS);
      expect(other.summary().total_usd).toBe(UNIT_MICROS / 1e6);
    });

    it('a fenced model step’s tokens are charged without the reservation: the budget ends over by that step only, and nothing more is reserved', async () => {
      const a = await instance('inst_a');
      const b = await instance('inst_b');
      // 100 input + at most 100 output tokens: 100 + 1000 micro-dollars, the whole budget.
      const budgetMicros = 1100;
      const spend = a.spendGuard('resp_a', budgetMicros / UNIT_MICROS);
      const decision = await spend.reserveModelStep({ model: 'test-text', inputTokens: 100, maxOutputTokens: 100 });
      if (!decision.ok) throw new Error(decision.message);
      expect(decision.hold.amountMicros).toBe(budgetMicros);
      const reservationId = decision.hold.reservationId!;
      // a stalls mid-step; b fences it and spends the money a's reservation held.
      clock = t0 + 2 * leaseMillis;
      await b.instances.renew();
      expect((await b.reconcile()).fenced).toBe(1);
      const other = b.spendGuard('resp_b', budgetMicros / UNIT_MICROS);
      const taken = await other.reserveImage(image);
      if (!taken.ok) throw new Error(taken.message);
      await other.settleImage(taken.hold, { itemId: 'ig_b', ...image, usage: undefined });
      // a's step ends: 100 input and 50 output tokens were produced (and streamed) = 600 micro-dollars.
      clock += 1;
      const settling = spend.settleModelStep(decision.hold, { step: 0, model: 'test-text', inputTokens: 100, cachedInputTokens: 0, outputTokens: 50 });
      await expect(settling).rejects.toBeInstanceOf(ReservationFencedError);
      await spend.releaseAll();
      expect(spend.summary()).toMatchObject({ total_usd: 0.0006, lines: [{ kind: 'model_step', model: 'test-text', output_tokens: 50, cost_usd: 0.0006 }] });
      // The ledger holds b's image and a's step: over the budget by exactly that step.
      expect(await ledgerMicros(a.db)).toBe(UNIT_MICROS + 600);
      const rows = await a.db.selectFrom('usage_ledger').select(['response_id', 'kind', 'output_tokens', 'cost_micros']).where('response_id', '=', 'resp_a').execute();
      expect(rows.map((row) => [row.kind, Number(row.output_tokens), Number(row.cost_micros)])).toEqual([['text', 50, 600]]);
      // The reservation stays released once, by the fencing; its money is not settled twice.
      expect(await reservation(a.db, reservationId)).toMatchObject({ status: 'released' });
      expect(Number((await reservation(a.db, reservationId)).closed_at)).toBe(t0 + 2 * leaseMillis);
      // Later reservations see the overrun: nothing more fits, on either instance.
      for (const next of [a.spendGuard('resp_a2', budgetMicros / UNIT_MICROS), b.spendGuard('resp_b2', budgetMicros / UNIT_MICROS)]) {
        expect(await next.reserveModelStep({ model: 'test-text', inputTokens: 1, maxOutputTokens: 1 })).toMatchObject({ ok: false, reason: 'budget' });
      }
    });
  });
}
