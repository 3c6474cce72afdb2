import {
  type CostResult,
  type PriceCatalog,
  estimateMaxImageCost,
  estimateMaxTextCost,
  imageCost,
  roundToMicroUsd,
  textCost,
} from '../pricing/index.ts';
import { ReservationFencedError } from '../errors/reservation-fenced-error.ts';
import type { CostLineWire } from '../responses/wire/response-object.ts';
import type { BudgetLimits, BudgetStore } from '../storage/budget-store.ts';
import { affordableOutputTokens } from './affordable-output-tokens.ts';
import type { LedgerEntry, UsageStore } from '../storage/usage-store.ts';

const NOTHING_HELD: Promise<void> = Promise.resolve();

export type SpendDecision = { ok: true; hold: Hold } | { ok: false; reason: 'budget' | 'max_cost' | 'unknown_price'; message: string };

/** Money set aside for one piece of work; settled with its actual cost or released. */
export interface Hold {
  readonly amountMicros: number;
  readonly reservationId: string | undefined;
  /**
   * For a model step: the output bound (reasoning included) this hold pays for, which must be
   * the bound sent upstream. Undefined when no money limit applies and the request set none.
   */
  readonly outputTokenBound?: number | undefined;
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
  /** Output bound of a step whose request sets none, when money is enforced. */
  assumedMaxOutputTokens: number;
  /** Below this many affordable output tokens a step does not start. */
  minStepOutputTokens: number;
  now: () => number;
}

/**
 * Prices every model step and image call of one response and enforces money limits by
 * reservation *before* the work: the key's budgets (atomically, in the store, across requests
 * and instances) and the response's own cap (here, in memory). Actual costs are settled into
 * the ledger; anything not settled is released. A settle the store refuses (this instance was
 * fenced and its reservation released elsewhere) throws ReservationFencedError: an image is then
 * not charged and the caller fails it instead of delivering it; a model step's tokens, already
 * produced, are charged without the reservation first (see `settle`).
 */
export class SpendGuard {
  private readonly lineItems: CostLineWire[] = [];
  private readonly holds = new Set<Hold>();
  private settledMicros = 0;
  private reservedMicros = 0;
  private unknownCosts = 0;

  private responseId: string;

  constructor(private readonly options: SpendGuardOptions) {
    this.responseId = options.responseId;
  }

  /**
   * Reserves the next model step. When a budget or cap applies, the step's output bound is the
   * request's (or the configured default) shrunk to what the money left affords, never below
   * `minStepOutputTokens`; the hold carries that bound, which the caller sends upstream, so the
   * step cannot spend past its reservation.
   */
  async reserveModelStep(request: { model: string; inputTokens: number; maxOutputTokens: number | undefined }): Promise<SpendDecision> {
    const { catalog, assumedMaxOutputTokens, minStepOutputTokens } = this.options;
    if (!this.isEnforced) {
      return { ok: true, hold: this.track({ amountMicros: 0, reservationId: undefined, outputTokenBound: request.maxOutputTokens, done: false }) };
    }
    const desiredOutputTokens = request.maxOutputTokens ?? assumedMaxOutputTokens;
    for (let attempt = 1; ; attempt += 1) {
      const available = await this.available();
      const step = affordableOutputTokens(catalog, {
        model: request.model,
        inputTokens: request.inputTokens,
        desiredOutputTokens,
        floorOutputTokens: minStepOutputTokens,
        availableMicros: available.micros,
      });
      if (step.kind === 'unknown_price') return this.unknownPrice(request.model, step.message);
      if (step.kind === 'too_small') return this.refusal(available, step.floorMicros, 'a model step');
      const hold = await this.hold(step.amountMicros, step.outputTokens);
      // Another request took the money between our read and our reservation: read again.
      if (hold !== undefined) return { ok: true, hold };
      if (attempt >= 4) return this.refusal(await this.available(), step.amountMicros, 'a model step');
    }
  }

  async reserveImage(request: { model: string; quality: string; size: string; partialImages: number }): Promise<SpendDecision> {
    const estimate = estimateMaxImageCost(this.options.catalog, { model: request.model, quality: request.quality, size: request.size, count: 1, partialImages: request.partialImages });
    return this.reserveFixed(estimate, request.model, 'an image');
  }

  settleModelStep(
    hold: Hold,
    step: { step: number; model: string; inputTokens: number; cachedInputTokens: number; outputTokens: number; imageOutputTokens?: number | undefined },
  ): Promise<void> {
    const cost = textCost(this.options.catalog, {
      model: step.model,
      inputTokens: step.inputTokens,
      cachedInputTokens: step.cachedInputTokens,
      outputTokens: step.outputTokens,
      ...(step.imageOutputTokens === undefined ? {} : { imageOutputTokens: step.imageOutputTokens }),
    });
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
    return this.settle(hold, cost, line, { kind: 'text', inputTokens: step.inputTokens, cachedInputTokens: step.cachedInputTokens, outputTokens: step.outputTokens, images: 0 });
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

  /**
   * Ledger rows from now on name this response id: a passthrough response takes the id its
   * upstream gave it, which is known only once the upstream answers.
   */
  adoptResponseId(responseId: string): void {
    this.responseId = responseId;
  }

  /** Frees a hold whose work did not happen (or failed). Idempotent. */
  async release(hold: Hold): Promise<void> {
    if (hold.done) return;
    hold.done = true;
    this.holds.delete(hold);
    this.reservedMicros -= hold.amountMicros;
    if (hold.reservationId) await this.options.budgets.release(hold.reservationId);
  }

  /**
   * Releases everything still held: on abort, failure or the end of the response. Nothing held
   * (the usual end: every hold settled) answers at once, without an async call.
   */
  releaseAll(): Promise<void> {
    if (this.holds.size === 0) return NOTHING_HELD;
    return this.releaseEach();
  }

  /** Whether anything is still held (then `releaseAll` has work to do; otherwise it need not be awaited). */
  get holdsAny(): boolean {
    return this.holds.size > 0;
  }

  private async releaseEach(): Promise<void> {
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

  /** Whether a budget or a cap applies: only then is anything reserved. */
  get isEnforced(): boolean {
    const { budgetLimits, maxCostMicros } = this.options;
    const hasBudgets = budgetLimits !== undefined && Object.values(budgetLimits).some((value) => value !== undefined);
    return hasBudgets || maxCostMicros !== undefined;
  }

  private get hasBudgets(): boolean {
    const { budgetLimits, keyId } = this.options;
    return keyId !== null && budgetLimits !== undefined && Object.values(budgetLimits).some((value) => value !== undefined);
  }

  /** What the next piece of work may cost: the cap's remainder and the key's budget headroom. */
  private async available(): Promise<{ micros: number; capMicros: number; budget: Awaited<ReturnType<BudgetStore['headroom']>> | undefined }> {
    const { maxCostMicros, budgets, budgetLimits, keyId } = this.options;
    const capMicros = maxCostMicros === undefined ? Number.POSITIVE_INFINITY : Math.max(0, maxCostMicros - this.settledMicros - this.reservedMicros);
    const budget = this.hasBudgets && keyId !== null && budgetLimits ? await budgets.headroom({ keyId, limits: budgetLimits, now: this.options.now() }) : undefined;
    return { micros: Math.min(capMicros, budget?.micros ?? Number.POSITIVE_INFINITY), capMicros, budget };
  }

  private async reserveFixed(estimate: CostResult, model: string, what: string): Promise<SpendDecision> {
    if (!estimate.known) {
      if (!this.isEnforced) return { ok: true, hold: this.track({ amountMicros: 0, reservationId: undefined, done: false }) };
      return this.unknownPrice(model, estimate.message);
    }
    const amountMicros = roundToMicroUsd(estimate.cost, 'up');
    if (!this.isEnforced) return { ok: true, hold: this.track({ amountMicros: 0, reservationId: undefined, done: false }) };
    const { maxCostMicros } = this.options;
    if (maxCostMicros !== undefined && this.settledMicros + this.reservedMicros + amountMicros > maxCostMicros) {
      return this.refusal(await this.available(), amountMicros, what);
    }
    const hold = await this.hold(amountMicros, undefined);
    return hold ? { ok: true, hold } : this.refusal(await this.available(), amountMicros, what);
  }

  /** Reserves in the budget store (atomically) and against the cap; undefined when refused. */
  private async hold(amountMicros: number, outputTokenBound: number | undefined): Promise<Hold | undefined> {
    let reservationId: string | undefined;
    const { budgetLimits, keyId } = this.options;
    if (this.hasBudgets && keyId !== null && budgetLimits) {
      const result = await this.options.budgets.reserve({ keyId, responseId: this.options.responseId, amountMicros, limits: budgetLimits, now: this.options.now() });
      if (!result.ok) return undefined;
      reservationId = result.reservationId;
    }
    this.reservedMicros += amountMicros;
    return this.track({ amountMicros, reservationId, outputTokenBound, done: false });
  }

  private unknownPrice(model: string, detail: string): SpendDecision {
    return { ok: false, reason: 'unknown_price', message: `imagegate has no price for '${model}', so it cannot be charged against a budget (${detail}).` };
  }

  /** Says which limit refused and by how much: the estimate of the work against what is left. */
  private refusal(available: Awaited<ReturnType<SpendGuard['available']>>, neededMicros: number, what: string): SpendDecision {
    const usd = (micros: number) => `$${(micros / 1_000_000).toFixed(6).replace(/0+$/, '').replace(/\.$/, '')}`;
    if (available.capMicros < neededMicros) {
      const cap = this.options.maxCostMicros ?? 0;
      return { ok: false, reason: 'max_cost', message: `This response may cost at most ${usd(cap)}; ${what} could cost up to ${usd(neededMicros)} and ${usd(available.capMicros)} is left.` };
    }
    const budget = available.budget;
    const scope = budget?.scope ?? 'daily';
    const limit = budget?.limitMicros ?? 0;
    const used = budget?.usedMicros ?? 0;
    const message =
      neededMicros > limit
        ? `The key's ${scope} budget of ${usd(limit)} is smaller than the worst case of ${what} (${usd(neededMicros)}).`
        : `The key's ${scope} budget of ${usd(limit)} has ${usd(Math.max(0, limit - used))} left (${usd(used)} spent or reserved); ${what} could cost up to ${usd(neededMicros)}.`;
    return { ok: false, reason: 'budget', message };
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
    const entry: LedgerEntry = {
      keyId: this.options.keyId,
      responseId: this.responseId,
      model: line.model,
      basis: cost.known ? cost.basis : 'unknown',
      costMicros,
      createdAt: this.options.now(),
      ...usage,
    };
    if (hold.reservationId) {
      const settled = await this.options.budgets.settle(hold.reservationId, { actualMicros: costMicros, entries: [entry] });
      // Fenced: another instance released this reservation (once; it is not released again here),
      // and its money may already pay for other work.
      if (!settled) {
        // An image is held back until it is paid for: it is not delivered, so nothing is charged.
        if (usage.kind !== 'text') throw new ReservationFencedError(hold.reservationId, 'image');
        // A model step's tokens were already produced and streamed: they are charged all the same,
        // as a ledger row without a reservation. The budget may end over by this one step, which
        // its output bound kept within what it had reserved — the same overrun `settle` records
        // for any step whose actual cost passes its reservation (budget-store.ts): later
        // reservations see it. The response stops here, so nothing else runs on the lost lease.
        await this.options.usage.record([entry]);
        this.count(cost, costMicros, line);
        throw new ReservationFencedError(hold.reservationId, 'text');
      }
    } else {
      await this.options.usage.record([entry]);
    }
    this.count(cost, costMicros, line);
  }

  /** Adds a charged piece of work to the response's total and cost lines. */
  private count(cost: CostResult, costMicros: number, line: CostLineWire): void {
    if (!cost.known) this.unknownCosts += 1;
    this.settledMicros += costMicros;
    this.lineItems.push({ ...line, cost_usd: cost.known ? costMicros / 1_000_000 : null });
  }
}
