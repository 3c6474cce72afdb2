import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPriceCatalog } from '../pricing/index.ts';
import type { BudgetLimits, BudgetStore } from '../storage/budget-store.ts';
import { createMemoryBlobStore } from '../storage/memory-blob-store.ts';
import { type SqliteStores, createSqliteStores } from '../storage/sqlite/create-sqlite-stores.ts';
import type { LedgerEntry, UsageStore } from '../storage/usage-store.ts';
import { SpendGuard, type SpendGuardOptions } from './spend-guard.ts';

// Round prices: 1 µ$ per input token, 10 µ$ per output token, $0.04 an image.
const catalog = createPriceCatalog({
  textModels: { 'test-text': { inputUsdPerMillionTokens: 1, cachedInputUsdPerMillionTokens: null, outputUsdPerMillionTokens: 10, source: 'test', confirmed: false } },
  imageModels: { 'test-image': { perImage: { usd: { medium: { '1024x1024': 0.04 } }, source: 'test', confirmed: false }, tokenPrices: null } },
});
const image = { model: 'test-image', quality: 'medium', size: '1024x1024', partialImages: 0 };
const unpricedImage = { ...image, model: 'no-such-image-model' };
const NOW = Date.UTC(2026, 0, 15, 12);

/**
 * The SQLite stores in `:memory:` (the real budget store, which passes the BudgetStore contract
 * suite), with every ledger entry also kept here, whichever path wrote it.
 */
let stores: SqliteStores;
let ledger: LedgerEntry[];
let budgets: BudgetStore;
let usage: UsageStore;

beforeEach(async () => {
  stores = await createSqliteStores({ file: ':memory:', blobStore: createMemoryBlobStore(), pepper: 'pepper', now: () => NOW });
  ledger = [];
  budgets = {
    ...stores.budgets,
    settle: async (reservationId, settlement) => {
      ledger.push(...settlement.entries);
      return stores.budgets.settle(reservationId, settlement);
    },
  };
  usage = {
    ...stores.usage,
    record: async (entries) => {
      ledger.push(...entries);
      return stores.usage.record(entries);
    },
  };
});
afterEach(async () => {
  await stores.close();
});

function guard(options: Partial<SpendGuardOptions> = {}): SpendGuard {
  return new SpendGuard({
    catalog,
    budgets,
    usage,
    keyId: 'key_a',
    responseId: 'resp_1',
    budgetLimits: undefined,
    maxCostMicros: undefined,
    assumedMaxOutputTokens: 1000,
    minStepOutputTokens: 100,
    now: () => NOW,
    ...options,
  });
}

async function spentToday(limits: BudgetLimits): Promise<number | undefined> {
  const headroom = await stores.budgets.headroom({ keyId: 'key_a', limits, now: NOW });
  return headroom.usedMicros;
}

describe('SpendGuard: unknown prices', () => {
  it('runs unpriced work when no money limit applies, and reports its cost as unknown (null, never 0)', async () => {
    const spend = guard();
    expect(spend.isEnforced).toBe(false);
    const decision = await spend.reserveImage(unpricedImage);
    if (!decision.ok) throw new Error(decision.message);
    expect(decision.hold.amountMicros).toBe(0);
    await spend.settleImage(decision.hold, { itemId: 'ig_1', ...unpricedImage, usage: undefined });
    expect(spend.summary()).toMatchObject({ total_usd: null, known: false, lines: [{ kind: 'image', basis: 'unknown', cost_usd: null }] });
    expect(ledger).toMatchObject([{ basis: 'unknown', costMicros: 0, images: 1 }]);
  });

  it('refuses unpriced work when a budget or a cap applies: it could not be charged', async () => {
    const capped = guard({ maxCostMicros: 1_000_000 });
    expect(await capped.reserveImage(unpricedImage)).toMatchObject({ ok: false, reason: 'unknown_price' });
    expect(await capped.reserveModelStep({ model: 'no-such-text-model', inputTokens: 10, maxOutputTokens: 100 })).toMatchObject({ ok: false, reason: 'unknown_price' });
    const budgeted = guard({ budgetLimits: { dailyMicros: 1_000_000 } });
    expect(await budgeted.reserveImage(unpricedImage)).toMatchObject({ ok: false, reason: 'unknown_price' });
    expect(await stores.budgets.activeReservations()).toEqual([]);
  });
});

describe('SpendGuard: caps and budgets reached exactly', () => {
  it('admits work that reaches the response cap exactly, and refuses the next micro-dollar', async () => {
    const spend = guard({ maxCostMicros: 80_000 });
    const first = await spend.reserveImage(image);
    const second = await spend.reserveImage(image);
    expect([first.ok, second.ok]).toEqual([true, true]);
    const third = await spend.reserveImage(image);
    expect(third).toMatchObject({ ok: false, reason: 'max_cost' });
    expect(third.ok ? '' : third.message).toBe('This response may cost at most $0.08; an image could cost up to $0.04 and $0 is left.');
  });

  it('admits work that reaches the key budget exactly, and refuses more (in the store, for every response)', async () => {
    const limits = { dailyMicros: 80_000 };
    const first = await guard({ budgetLimits: limits }).reserveImage(image);
    const second = await guard({ budgetLimits: limits, responseId: 'resp_2' }).reserveImage(image);
    expect([first.ok, second.ok]).toEqual([true, true]);
    expect(await spentToday(limits)).toBe(80_000);
    const third = await guard({ budgetLimits: limits, responseId: 'resp_3' }).reserveImage(image);
    expect(third).toMatchObject({ ok: false, reason: 'budget' });
    expect(third.ok ? '' : third.message).toBe("The key's daily budget of $0.08 has $0 left ($0.08 spent or reserved); an image could cost up to $0.04.");
  });
});

describe('SpendGuard: settle and release', () => {
  it('settles the actual cost once: a release after settling, twice, or releaseAll changes nothing', async () => {
    const limits = { dailyMicros: 1_000_000 };
    const spend = guard({ budgetLimits: limits });
    const decision = await spend.reserveImage(image);
    if (!decision.ok) throw new Error(decision.message);
    await spend.settleImage(decision.hold, { itemId: 'ig_1', ...image, usage: undefined });
    await spend.release(decision.hold);
    await spend.release(decision.hold);
    await spend.releaseAll();
    expect(spend.totalMicros).toBe(40_000);
    expect(spend.summary()).toMatchObject({ total_usd: 0.04, known: true });
    expect(ledger.map((entry) => entry.costMicros)).toEqual([40_000]);
    expect(await spentToday(limits)).toBe(40_000);
    expect(await stores.budgets.activeReservations()).toEqual([]);
    await expect(spend.settleImage(decision.hold, { itemId: 'ig_1', ...image, usage: undefined })).rejects.toThrow('hold already settled or released');
  });

  it('gives back what was released: the cap and the budget see it again', async () => {
    const limits = { dailyMicros: 40_000 };
    const spend = guard({ budgetLimits: limits, maxCostMicros: 40_000 });
    const held = await spend.reserveImage(image);
    if (!held.ok) throw new Error(held.message);
    expect((await spend.reserveImage(image)).ok).toBe(false);
    await spend.release(held.hold);
    expect(await spentToday(limits)).toBe(0);
    expect((await spend.reserveImage(image)).ok).toBe(true);
  });

  it('names the upstream response id in the ledger once adopted (passthrough)', async () => {
    const spend = guard({ budgetLimits: { dailyMicros: 1_000_000 } });
    const decision = await spend.reserveModelStep({ model: 'test-text', inputTokens: 100, maxOutputTokens: 100 });
    if (!decision.ok) throw new Error(decision.message);
    spend.adoptResponseId('resp_upstream');
    await spend.settleModelStep(decision.hold, { step: 0, model: 'test-text', inputTokens: 80, cachedInputTokens: 0, outputTokens: 20 });
    expect(ledger).toMatchObject([{ responseId: 'resp_upstream', costMicros: 280, inputTokens: 80, outputTokens: 20 }]);
  });
});

describe('SpendGuard: model steps shaped by the money left', () => {
  it('passes the bound through untouched when no money limit applies', async () => {
    const decision = await guard().reserveModelStep({ model: 'test-text', inputTokens: 1000, maxOutputTokens: undefined });
    expect(decision).toMatchObject({ ok: true, hold: { amountMicros: 0, outputTokenBound: undefined } });
  });

  it('shrinks the output bound to what the cap affords (1,000 µ$ of prompt + 500 tokens × 10 µ$)', async () => {
    const decision = await guard({ maxCostMicros: 6_000 }).reserveModelStep({ model: 'test-text', inputTokens: 1000, maxOutputTokens: 1000 });
    expect(decision).toMatchObject({ ok: true, hold: { amountMicros: 6_000, outputTokenBound: 500 } });
  });

  it('uses the assumed bound when the request sets none, and keeps the full bound when it fits', async () => {
    const decision = await guard({ maxCostMicros: 1_000_000 }).reserveModelStep({ model: 'test-text', inputTokens: 1000, maxOutputTokens: undefined });
    expect(decision).toMatchObject({ ok: true, hold: { amountMicros: 11_000, outputTokenBound: 1000 } });
  });

  it('refuses a step when not even the floor of output tokens is affordable', async () => {
    // The floor (100 tokens) costs 1,000 + 1,000 µ$; 1,999 is left.
    const decision = await guard({ maxCostMicros: 1_999 }).reserveModelStep({ model: 'test-text', inputTokens: 1000, maxOutputTokens: 1000 });
    expect(decision).toMatchObject({ ok: false, reason: 'max_cost' });
  });

  it('reads the budget again after a racing reservation took money, and reserves the smaller bound', async () => {
    const limits = { dailyMicros: 20_000 };
    let raced = false;
    // Another response reserves between this guard's read of the headroom and its reservation.
    budgets = {
      ...budgets,
      reserve: async (request) => {
        if (!raced) {
          raced = true;
          await stores.budgets.reserve({ ...request, responseId: 'resp_racer', amountMicros: 10_000 });
        }
        return stores.budgets.reserve(request);
      },
    };
    const decision = await guard({ budgetLimits: limits }).reserveModelStep({ model: 'test-text', inputTokens: 1000, maxOutputTokens: 1000 });
    expect(decision).toMatchObject({ ok: true, hold: { amountMicros: 10_000, outputTokenBound: 900 } });
    expect(await spentToday(limits)).toBe(20_000);
  });
});
