/**
 * The cost of a language-model step from its token usage, and the most a step can cost, for
 * reservations. Token counts follow OpenAI's usage: `inputTokens` counts every prompt token,
 * cached ones included (an Anthropic adapter adds `cache_read_input_tokens` and
 * `cache_creation_input_tokens` to its `input_tokens` first); `outputTokens` includes reasoning.
 */
import { findTextModelPrice } from './find-model-price.ts';
import type { PriceCatalog } from './price-catalog.ts';
import type { TextModelPrice } from './price-catalog-schema.ts';
import { knownCost, tokenLine, unknownCost, type CostLine, type CostResult } from './cost-result.ts';

export interface TextCostRequest {
  readonly model: string;
  /** Every prompt token, cached ones included. */
  readonly inputTokens: number;
  /** The part of `inputTokens` read from the prompt cache. */
  readonly cachedInputTokens?: number;
  /** The part of `inputTokens` written to the prompt cache (Anthropic bills it above the input rate). */
  readonly cacheWriteInputTokens?: number;
  /** Reasoning tokens included. */
  readonly outputTokens: number;
  /** The part of `outputTokens` a native-image model drew as images (billed at its image output rate). */
  readonly imageOutputTokens?: number;
}

export interface TextCostEstimateRequest {
  readonly model: string;
  /** The prompt, counted or estimated by the caller. */
  readonly inputTokens: number;
  /** The step's output cap; without one there is no upper bound. */
  readonly maxOutputTokens: number | undefined;
}

type Rates = Omit<TextModelPrice, 'longContext' | 'nominal' | 'source' | 'confirmed' | 'note'>;

export function textCost(catalog: PriceCatalog, request: TextCostRequest): CostResult {
  const { model, inputTokens, outputTokens } = request;
  const cachedTokens = request.cachedInputTokens ?? 0;
  const cacheWriteTokens = request.cacheWriteInputTokens ?? 0;
  // Checked one by one: this runs for every model step, before its answer is written.
  const valid = isTokenCount(inputTokens) && isTokenCount(outputTokens) && isTokenCount(cachedTokens) && isTokenCount(cacheWriteTokens);
  if (!valid || cachedTokens + cacheWriteTokens > inputTokens) {
    const counts = [inputTokens, outputTokens, cachedTokens, cacheWriteTokens];
    return unknownCost(model, 'invalid_usage', `Token counts must be whole, >= 0, and cached + cache-write <= input (got ${counts.join(', ')}).`);
  }
  const found = findTextModelPrice(catalog, model);
  if (found === undefined) return unknownCost(model, 'unknown_model', `No price for model '${model}' in the catalog.`);
  const selected = ratesFor(found.price, inputTokens);
  const { rates, notes } = selected;
  let exact = true;

  const lines: CostLine[] = [tokenLine('input', inputTokens - cachedTokens - cacheWriteTokens, rates.inputUsdPerMillionTokens)];
  if (cachedTokens > 0) {
    if (rates.cachedInputUsdPerMillionTokens === null) {
      exact = false;
      notes.push('No cached-input rate in the catalog: cached tokens are charged at the input rate (an upper bound).');
    }
    lines.push(tokenLine('cached_input', cachedTokens, rates.cachedInputUsdPerMillionTokens ?? rates.inputUsdPerMillionTokens));
  }
  if (cacheWriteTokens > 0) {
    const writeRate = cacheWriteRate(found.price, selected);
    if (writeRate === undefined) return missingCacheWriteRate(model, found.id, found.price);
    lines.push(tokenLine('cache_write_input', cacheWriteTokens, writeRate));
  }
  const imageTokens = Math.min(request.imageOutputTokens ?? 0, outputTokens);
  lines.push(tokenLine('output', outputTokens - imageTokens, rates.outputUsdPerMillionTokens));
  if (imageTokens > 0) {
    const imageRate = rates.imageOutputUsdPerMillionTokens;
    if (imageRate === undefined) {
      exact = false;
      notes.push('No image output rate in the catalog: drawn image tokens are charged at the text output rate.');
    }
    lines.push(tokenLine('image_output', imageTokens, imageRate ?? rates.outputUsdPerMillionTokens));
  }
  return knownCost({ model, pricedAs: found.id, basis: 'tokens', lines, exact, confirmed: found.price.confirmed, nominal: found.price.nominal, notes });
}

/**
 * The most a step can cost: the whole prompt at the dearest input rate that could apply to it
 * (cache writes cost more than plain input), plus `maxOutputTokens` of output.
 */
export function estimateMaxTextCost(catalog: PriceCatalog, request: TextCostEstimateRequest): CostResult {
  const { model, inputTokens, maxOutputTokens } = request;
  if (!isTokenCount(inputTokens) || (maxOutputTokens !== undefined && !isTokenCount(maxOutputTokens))) {
    return unknownCost(model, 'invalid_usage', `Token counts must be whole and >= 0 (got ${inputTokens}, ${maxOutputTokens}).`);
  }
  const found = findTextModelPrice(catalog, model);
  if (found === undefined) return unknownCost(model, 'unknown_model', `No price for model '${model}' in the catalog.`);
  if (maxOutputTokens === undefined) {
    return unknownCost(model, 'no_output_limit', 'Without max output tokens the cost of a step has no upper bound.');
  }
  const selected = ratesFor(found.price, inputTokens);
  const { rates, notes } = selected;
  const writeRate = cacheWriteRate(found.price, selected);
  if (writeRate === undefined) return missingCacheWriteRate(model, found.id, found.price);
  const inputRate = Math.max(rates.inputUsdPerMillionTokens, writeRate);
  // A native-image model may spend its whole bound drawing: the dearer output rate bounds it.
  const outputRate = Math.max(rates.outputUsdPerMillionTokens, rates.imageOutputUsdPerMillionTokens ?? 0);
  const lines = [tokenLine('input', inputTokens, inputRate), tokenLine('output', maxOutputTokens, outputRate)];
  return knownCost({ model, pricedAs: found.id, basis: 'tokens', lines, exact: true, confirmed: found.price.confirmed, nominal: found.price.nominal, notes });
}

/** The whole request moves to the long-context rates once its input passes the threshold. */
function ratesFor(price: TextModelPrice, inputTokens: number): { rates: Rates; longContext: boolean; notes: string[] } {
  const tier = price.longContext;
  if (tier === undefined || inputTokens <= tier.aboveInputTokens) return { rates: price, longContext: false, notes: [] };
  return { rates: tier, longContext: true, notes: [`Long-context rates: more than ${tier.aboveInputTokens} input tokens.`] };
}

/**
 * Providers without a cache-write rate (OpenAI) bill writes as plain input. A long-context tier
 * that lacks the rate its base has is a gap in the data, not a free write: undefined.
 */
function cacheWriteRate(price: TextModelPrice, selected: { rates: Rates; longContext: boolean }): number | undefined {
  const { rates, longContext } = selected;
  if (rates.cacheWriteInputUsdPerMillionTokens !== undefined) return rates.cacheWriteInputUsdPerMillionTokens;
  if (longContext && price.cacheWriteInputUsdPerMillionTokens !== undefined) return undefined;
  return rates.inputUsdPerMillionTokens;
}

function missingCacheWriteRate(model: string, id: string, price: TextModelPrice): CostResult {
  return unknownCost(model, 'missing_price', `No cache-write rate for '${id}' above ${price.longContext?.aboveInputTokens} input tokens.`);
}

function isTokenCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}
