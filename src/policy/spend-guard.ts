import {
  type CostResult,
  type PriceCatalog,
  estimateMaxImageCost,
  estimateMaxTextCost,
  imageCost,
  roundToMicroUsd,
  textCost,
} from '../pricing/index.ts';
import type { CostLineWire } from '../responses/wire/response-object.ts';
import type { BudgetLimits, BudgetStore } from '../storage/budget-store.ts';
import type { LedgerEntry, UsageStore } from '../storage/usage-store.ts';

export type SpendDecision = { ok: true; hold: Hold } | { ok: false; reason: 'budget' | 'max_cost' | 'unknown_price'; message: string };

/** Money set aside for one piece of work; settled with its actual cost or released. */
export interface Hold {
  readonly amountMicros: number;
  readonly reservationId: string | undefined;
  done: boolean;
}

export interface SpendGuardOptions {
  catalog: PriceCatalog;
  budgets: BudgetStore;
  usage: UsageStore;
  /** The key paying; null in the key-less offline default. */
  keyId: string | null;
  responseId: string;
  /** The key's budgets; undefined or empty = no budget reservation needed. */
  budgetLimits: BudgetLimits | undefined;
  /** Cap on this response (key policy, `imagegate.max_cost_usd`, header), strictest. */
  maxCostMicros: number | undefined;
  /** Upper bound of output tokens assumed for a step whose request sets none. */
  assumedMaxOutputTokens: number;
  now: () => number;
}

/**
 * Prices every model step and image call of one response and enforces money limits by
 * reservation *before* the work: the key's budgets (atomically, in the store, across requests
 * and instances) and the response's own cap (here, in memory). Actual costs are settled into
 * the ledger; anything not settled is released.
 */
export class SpendGuard {
  private readonly lineItems: CostLineWire[] = [];
  private readonly holds = new Set<Hold>();
  private settledMicros = 0;
  private reservedMicros = 0;
  private unknownCosts = 0;

  constructor(private readonly options: SpendGuardOptions) {}

  async reserveModelStep(request: { model: string; inputTokens: number; maxOutputTokens: number | undefined }): Promise<SpendDecision> {
    const estimate = estimateMaxTextCost(this.options.catalog, {
      model: request.model,
      inputTokens: request.inputTokens,
      maxOutputTokens: request.maxOutputTokens ?? this.options.assumedMaxOutputTokens,
    });
    return this.reserve(estimate, request.model);
  }

  async reserveImage(request: { model: string; quality: string; size: string; partialImages: number }): Promise<SpendDecision> {
    const estimate = estimateMaxImageCost(this.options.catalog, { model: request.model, quality: request.quality, size: request.size, count: 1, partialImages: request.partialImages });
    return this.reserve(estimate, request.model);
  }

  async settleModelStep(hold: Hold, step: { step: number; model: string; inputTokens: number; cachedInputTokens: number; outputTokens: number }): Promise<void> {
    const cost = textCost(this.options.catalog, { model: step.model, inputTokens: step.inputTokens, cachedInputTokens: step.cachedInputTokens, outputTokens: step.outputTokens });
    const line: CostLineWire = {
      kind: 'model_step',
      step: step.step,
      model: step.model,
      basis: cost.known ? cost.basis : 'unknown',
      cost_usd: null,
      input_tokens: step.inputTokens,
      cached_input_tokens: step.cachedInputTokens,
      output_tokens: step.outputTokens,
    };
    await this.settle(hold, cost, line, { kind: 'text', inputTokens: step.inputTokens, cachedInputTokens: step.cachedInputTokens, outputTokens: step.outputTokens, images: 0 });
  }

  async settleImage(
    hold: Hold,
    image: { itemId: string; model: string; quality: string; size: string; partialImages: number; usage: { inputTextTokens: number; inputImageTokens: number; outputTokens: number } | undefined },
  ): Promise<void> {
    const cost = imageCost(this.options.catalog, { model: image.model, quality: image.quality, size: image.size, count: 1, partialImages: image.partialImages, usage: image.usage });
    const line: CostLineWire = {
      kind: 'image',
      item_id: image.itemId,
      model: image.model,
      basis: cost.known ? cost.basis : 'unknown',
      cost_usd: null,
      quality: image.quality,
      size: image.size,
      partial_images: image.partialImages,
    };
    const inputTokens = image.usage ? image.usage.inputTextTokens + image.usage.inputImageTokens : 0;
    await this.settle(hold, cost, line, { kind: 'image', inputTokens, cachedInputTokens: 0, outputTokens: image.usage?.outputTokens ?? 0, images: 1 });
  }

  /** Frees a hold whose work did not happen (or failed). Idempotent. */
  async release(hold: Hold): Promise<void> {
    if (hold.done) return;
    hold.done = true;
    this.holds.delete(hold);
    this.reservedMicros -= hold.amountMicros;
    if (hold.reservationId) await this.options.budgets.release(hold.reservationId);
  }

  /** Releases everything still held: on abort, failure or the end of the response. */
  async releaseAll(): Promise<void> {
    for (const hold of [...this.holds]) await this.release(hold);
  }

  /** The `imagegate.cost` block. */
  summary(): { currency: 'USD'; total_usd: number | null; known: boolean; lines: CostLineWire[] } {
    return { currency: 'USD', total_usd: this.unknownCosts > 0 ? null : this.settledMicros / 1_000_000, known: this.unknownCosts === 0, lines: this.lineItems };
  }

  /** Settled micro-dollars so far (the ledger holds the same sum for this response). */
  get totalMicros(): number {
    return this.settledMicros;
  }

  private async reserve(estimate: CostResult, model: string): Promise<SpendDecision> {
    const { budgetLimits, maxCostMicros } = this.options;
    const hasBudgets = budgetLimits !== undefined && Object.values(budgetLimits).some((value) => value !== undefined);
    const enforced = hasBudgets || maxCostMicros !== undefined;
    if (!estimate.known) {
      if (!enforced) return { ok: true, hold: this.track({ amountMicros: 0, reservationId: undefined, done: false }) };
      return { ok: false, reason: 'unknown_price', message: `imagegate has no price for '${model}', so it cannot be charged against a budget (${estimate.message}).` };
    }
    const amountMicros = roundToMicroUsd(estimate.cost, 'up');
    if (maxCostMicros !== undefined && this.settledMicros + this.reservedMicros + amountMicros > maxCostMicros) {
      return { ok: false, reason: 'max_cost', message: `This response may cost at most $${maxCostMicros / 1_000_000}; the next call could cost up to $${amountMicros / 1_000_000}.` };
    }
    let reservationId: string | undefined;
    if (hasBudgets && this.options.keyId !== null) {
      const result = await this.options.budgets.reserve({ keyId: this.options.keyId, responseId: this.options.responseId, amountMicros, limits: budgetLimits!, now: this.options.now() });
      if (!result.ok) {
        return { ok: false, reason: 'budget', message: `The key's ${result.scope} budget of $${result.limitMicros / 1_000_000} is used up ($${result.usedMicros / 1_000_000} spent or reserved).` };
      }
      reservationId = result.reservationId;
    }
    this.reservedMicros += amountMicros;
    return { ok: true, hold: this.track({ amountMicros, reservationId, done: false }) };
  }

  private track(hold: Hold): Hold {
    this.holds.add(hold);
    return hold;
  }

  private async settle(hold: Hold, cost: CostResult, line: CostLineWire, usage: Pick<LedgerEntry, 'kind' | 'inputTokens' | 'cachedInputTokens' | 'outputTokens' | 'images'>): Promise<void> {
    if (hold.done) throw new Error('hold already settled or released');
    hold.done = true;
    this.holds.delete(hold);
    this.reservedMicros -= hold.amountMicros;
    const costMicros = cost.known ? roundToMicroUsd(cost.cost) : 0;
    if (!cost.known) this.unknownCosts += 1;
    this.settledMicros += costMicros;
    this.lineItems.push({ ...line, cost_usd: cost.known ? costMicros / 1_000_000 : null });
    const entry: LedgerEntry = {
      keyId: this.options.keyId,
      responseId: this.options.responseId,
      model: line.model,
      basis: cost.known ? cost.basis : 'unknown',
      costMicros,
      createdAt: this.options.now(),
      ...usage,
    };
    if (hold.reservationId) await this.options.budgets.settle(hold.reservationId, { actualMicros: costMicros, entries: [entry] });
    else await this.options.usage.record([entry]);
  }
}
