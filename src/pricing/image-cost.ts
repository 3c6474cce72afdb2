/**
 * The cost of image generation, and the most it can cost, for reservations.
 *
 * Actual cost (`imageCost`): with reported usage and token prices, every token is priced (the
 * tokens basis); otherwise the per-image table prices the quality and size the backend reports.
 * `auto` (or a missing value) there is priced as the dearest option and marked inexact — pass the
 * resolved settings. The partial-image surcharge (100 image output tokens each) is added on both
 * bases: OpenAI does not say whether reported usage already holds it or whether partial images
 * it did not deliver are billed, so the requested number is charged (an upper bound).
 *
 * Upper bound (`estimateMaxImageCost`): `auto` quality or size takes the dearest listed option;
 * each image is priced at the larger of its table price and its listed output tokens × the image
 * output rate (the guide's table rounds those, e.g. 1056 × $40/1M = $0.04224 vs $0.042); the
 * prompt's tokens are added at uncached rates, once per request.
 */
import { knownCost, imageLine, unknownCost, type CostLine, type CostResult } from './cost-result.ts';
import { findImageModelPrice } from './find-model-price.ts';
import { allQualityKeys, listedSizes, perImagePrice, qualityKeyOf, type PerImagePrice } from './image-size-price.ts';
import { partialImageLines, promptLines, usageLines, type ImageTokenUsage, type TokenLines } from './image-token-lines.ts';
import { perSecondImageCost } from './image-time-cost.ts';
import { scaleDecimal } from './money.ts';
import type { PriceCatalog } from './price-catalog.ts';
import type { ImageModelPrice } from './price-catalog-schema.ts';

export type { ImageTokenUsage } from './image-token-lines.ts';

export interface ImageCostRequest {
  readonly model: string;
  /** As the backend reports it (`low`…`high`, dall-e's `standard`/`hd`); `auto` or undefined: priced as the dearest. */
  readonly quality: string | undefined;
  /** `WIDTHxHEIGHT` as the backend reports it; `auto` or undefined: priced as the dearest. */
  readonly size: string | undefined;
  /** Images made. */
  readonly count: number;
  /** Partial images requested per image (the tool's `partial_images`, 0..3). */
  readonly partialImages?: number;
  /** Token usage the provider reported for these images, if any. */
  readonly usage?: ImageTokenUsage;
  /** Per-image basis only: the prompt's text tokens, when known without usage. */
  readonly inputTextTokens?: number;
  /** Per-image basis only: input image tokens (edits), when known without usage. */
  readonly inputImageTokens?: number;
}

export type ImageCostEstimateRequest = Omit<ImageCostRequest, 'usage'>;

export function imageCost(catalog: PriceCatalog, request: ImageCostRequest): CostResult {
  const { model, usage } = request;
  const invalid = invalidCounts(request);
  if (invalid !== undefined) return unknownCost(model, 'invalid_usage', invalid);
  const found = findImageModelPrice(catalog, model);
  if (found === undefined) return unknownCost(model, 'unknown_model', `No price for image model '${model}' in the catalog.`);
  const entry = found.price;
  if (entry.perSecond !== null) return perSecondImageCost(model, found.id, entry.perSecond, entry, request.count, usage?.generationMillis);
  const partialTokens = partialImageTokens(catalog, request);
  const notes: string[] = [];
  let fellBack = false;

  if (usage !== undefined && entry.tokenPrices !== null) {
    const byTokens = usageLines(entry.tokenPrices, usage, partialTokens);
    if (byTokens.ok) {
      const confirmed = entry.tokenPrices.confirmed && (partialTokens === 0 || catalog.partialImageOutputTokens.confirmed);
      const base = { model, pricedAs: found.id, basis: 'tokens', nominal: entry.nominal, confirmed } as const;
      return knownCost({ ...base, lines: byTokens.lines, exact: byTokens.exact, notes: byTokens.notes });
    }
    fellBack = true;
    notes.push(`Usage was reported, but ${byTokens.missing}: priced per image instead.`);
  }

  const chosen = dearestPerImage(entry, request.quality, request.size, undefined);
  if (!chosen.found) return unknownCost(model, chosen.reason, chosen.message);
  notes.push(...chosen.notes);
  const textTokens = request.inputTextTokens ?? usage?.inputTextTokens;
  const promptOmitted = isPromptOmitted(entry, textTokens, notes);
  const prompt = promptLines(entry, textTokens ?? 0, request.inputImageTokens ?? usage?.inputImageTokens ?? 0);
  // Billing follows the tokens; the table only stands in for them when they cannot be priced.
  const exact = chosen.exact && !fellBack && !promptOmitted;
  return perImageCost(catalog, found.id, entry, request, { price: chosen.price, exact, prompt, partialTokens, notes });
}

export function estimateMaxImageCost(catalog: PriceCatalog, request: ImageCostEstimateRequest): CostResult {
  const { model } = request;
  const invalid = invalidCounts(request);
  if (invalid !== undefined) return unknownCost(model, 'invalid_usage', invalid);
  const found = findImageModelPrice(catalog, model);
  if (found === undefined) return unknownCost(model, 'unknown_model', `No price for image model '${model}' in the catalog.`);
  const entry = found.price;
  if (entry.perSecond !== null) return perSecondImageCost(model, found.id, entry.perSecond, entry, request.count, undefined);
  const outputRate = entry.tokenPrices?.imageOutputUsdPerMillionTokens ?? null;
  const chosen = dearestPerImage(entry, request.quality, request.size, outputRate === null ? undefined : outputRate);
  if (!chosen.found) return unknownCost(model, chosen.reason, chosen.message);
  const notes = [...chosen.notes];
  if ((entry.tokenPrices?.textOutputUsdPerMillionTokens ?? null) !== null) {
    notes.push('The model may also bill text output tokens, which no table bounds; settle with the reported usage.');
  }
  const promptOmitted = isPromptOmitted(entry, request.inputTextTokens, notes);
  const prompt = promptLines(entry, request.inputTextTokens ?? 0, request.inputImageTokens ?? 0);
  const exact = chosen.exact && !promptOmitted;
  return perImageCost(catalog, found.id, entry, request, { price: chosen.price, exact, prompt, partialTokens: partialImageTokens(catalog, request), notes });
}

interface BoundedPrice extends PerImagePrice {
  /** The listed output tokens × the output rate beat the table price. */
  readonly raisedByTokens: boolean;
}

type Chosen =
  | { readonly found: true; readonly price: BoundedPrice; readonly exact: boolean; readonly notes: string[] }
  | { readonly found: false; readonly reason: 'unpriced_quality' | 'unpriced_size' | 'missing_price'; readonly message: string };

/**
 * The dearest per-image price among what `quality` and `size` may turn out to be (one option
 * each unless `auto`). With `outputRate`, a listed output-token count × that rate raises a price
 * the table rounds down.
 */
function dearestPerImage(entry: ImageModelPrice, quality: string | undefined, size: string | undefined, outputRate: number | undefined): Chosen {
  if (entry.perImage === null) return { found: false, reason: 'missing_price', message: 'The model has no per-image prices.' };
  const autoQuality = quality === undefined || quality === 'auto';
  const autoSize = size === undefined || size === 'auto';
  const qualities = autoQuality ? allQualityKeys(entry) : [quality];
  let best: BoundedPrice | undefined;
  // A flat price does not depend on the size, nor on the quality when only one is listed.
  let exact = (!autoQuality || qualities.length === 1) && (!autoSize || entry.customSizes === 'flat');
  for (const candidateQuality of qualities) {
    const key = qualityKeyOf(entry, candidateQuality);
    if (key === undefined) return { found: false, reason: 'unpriced_quality', message: `No per-image price for quality '${candidateQuality}'.` };
    const sizes = autoSize ? listedSizes(entry, key) : [size];
    for (const candidateSize of sizes) {
      const lookup = perImagePrice(entry, candidateQuality, candidateSize);
      if (!lookup.found) return lookup;
      const price = raiseToOutputTokens(entry, lookup.price, outputRate);
      if (price.scaledFrom !== undefined) exact = false;
      if (best === undefined || price.picoUsd > best.picoUsd) best = price;
    }
  }
  if (best === undefined) return { found: false, reason: 'missing_price', message: 'The model has no per-image prices.' };
  const notes: string[] = [];
  if (!exact && (autoQuality || autoSize)) notes.push(`'auto' priced as the dearest option: ${best.quality} ${best.size}.`);
  if (best.scaledFrom !== undefined) notes.push(`Size ${best.size} is not listed: scaled by pixel area from ${best.scaledFrom}.`);
  if (best.raisedByTokens) notes.push(`Per image: the listed output tokens × the image output rate, above the rounded table price.`);
  return { found: true, price: best, exact, notes };
}

/** Token-priced models bill the prompt too: leaving it out is an omission the caller must see. */
function isPromptOmitted(entry: ImageModelPrice, textTokens: number | undefined, notes: string[]): boolean {
  if (entry.tokenPrices === null || textTokens !== undefined) return false;
  notes.push("The prompt's input tokens were not given: their cost is not included.");
  return true;
}

function raiseToOutputTokens(entry: ImageModelPrice, price: PerImagePrice, outputRate: number | undefined): BoundedPrice {
  const tokens = entry.outputTokensPerImage?.tokens[price.quality]?.[price.size];
  const picoPerToken = outputRate === undefined ? undefined : scaleDecimal(outputRate, 6);
  const byTokens = tokens === undefined || picoPerToken === undefined ? undefined : picoPerToken * BigInt(tokens);
  if (byTokens === undefined || byTokens <= price.picoUsd) return { ...price, raisedByTokens: false };
  return { ...price, picoUsd: byTokens, raisedByTokens: true };
}

interface PerImageParts {
  readonly price: BoundedPrice;
  readonly exact: boolean;
  readonly prompt: TokenLines;
  readonly partialTokens: number;
  readonly notes: string[];
}

function perImageCost(catalog: PriceCatalog, pricedAs: string, entry: ImageModelPrice, request: ImageCostEstimateRequest, parts: PerImageParts): CostResult {
  const { price, prompt, partialTokens } = parts;
  const partial = partialImageLines(entry, partialTokens);
  if (!prompt.ok) return unknownCost(request.model, 'missing_price', `No price: ${prompt.missing}.`);
  if (!partial.ok) return unknownCost(request.model, 'missing_price', `No price: ${partial.missing}.`);
  const lines: CostLine[] = [imageLine(request.count, price.picoUsd), ...prompt.lines, ...partial.lines];
  const tokensUsed = price.raisedByTokens || lines.some((line) => line.unit === 'token');
  const confirmed =
    (entry.perImage?.confirmed ?? false) &&
    (!tokensUsed || (entry.tokenPrices?.confirmed ?? false)) &&
    (!price.raisedByTokens || (entry.outputTokensPerImage?.confirmed ?? false)) &&
    (partialTokens === 0 || catalog.partialImageOutputTokens.confirmed);
  const nominal = entry.nominal;
  return knownCost({ model: request.model, pricedAs, basis: 'per_image', lines, exact: parts.exact, confirmed, nominal, notes: parts.notes });
}

function partialImageTokens(catalog: PriceCatalog, request: ImageCostEstimateRequest): number {
  return request.count * (request.partialImages ?? 0) * catalog.partialImageOutputTokens.tokensPerPartialImage;
}

function invalidCounts(request: ImageCostRequest): string | undefined {
  const { usage } = request;
  const counts = [request.count, request.partialImages ?? 0, request.inputTextTokens ?? 0, request.inputImageTokens ?? 0];
  if (usage !== undefined) {
    counts.push(usage.inputTextTokens, usage.inputImageTokens, usage.outputTokens);
    counts.push(usage.cachedInputTextTokens ?? 0, usage.cachedInputImageTokens ?? 0, usage.outputTextTokens ?? 0);
  }
  if (!counts.every((value) => Number.isSafeInteger(value) && value >= 0)) return `Counts must be whole and >= 0 (got ${counts.join(', ')}).`;
  if (usage === undefined) return undefined;
  if ((usage.cachedInputTextTokens ?? 0) > usage.inputTextTokens || (usage.cachedInputImageTokens ?? 0) > usage.inputImageTokens) {
    return 'Cached input tokens exceed the input tokens they are part of.';
  }
  if ((usage.outputTextTokens ?? 0) > usage.outputTokens) return 'Output text tokens exceed the output tokens they are part of.';
  return undefined;
}
