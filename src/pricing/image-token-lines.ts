/**
 * Cost lines for image-model tokens: the whole bill from reported usage (the tokens basis), the
 * prompt's input tokens on the per-image basis, and the partial-image surcharge.
 */
import { tokenLine, type CostLine } from './cost-result.ts';
import type { ImageModelPrice, ImageTokenPrices } from './price-catalog-schema.ts';

/** Image-model usage as the provider reports it (OpenAI `ImagesUsage` / `ImageGenUsage`). */
export interface ImageTokenUsage {
  /** Text prompt tokens, cached ones included (`input_tokens_details.text_tokens`). */
  readonly inputTextTokens: number;
  /** Input image tokens, cached ones included (`input_tokens_details.image_tokens`). */
  readonly inputImageTokens: number;
  readonly cachedInputTextTokens?: number;
  readonly cachedInputImageTokens?: number;
  /** Every output token, text ones included (`output_tokens`). */
  readonly outputTokens: number;
  /** The part of `outputTokens` that is text (`output_tokens_details.text_tokens`); the rest are image tokens. */
  readonly outputTextTokens?: number;
  /** Wall time the backend took for this image, measured with the server clock (per-second prices). */
  readonly generationMillis?: number;
}

export type TokenLines =
  | { readonly ok: true; readonly lines: CostLine[]; readonly exact: boolean; readonly notes: string[] }
  | { readonly ok: false; readonly missing: string };

type RateKey = Exclude<keyof ImageTokenPrices, 'source' | 'confirmed'>;

/** Prices every reported token; fails when a count above zero has no rate at all. */
export function usageLines(prices: ImageTokenPrices, usage: ImageTokenUsage, partialImageTokens: number): TokenLines {
  const cachedText = usage.cachedInputTextTokens ?? 0;
  const cachedImage = usage.cachedInputImageTokens ?? 0;
  const outputText = usage.outputTextTokens ?? 0;
  const lines: CostLine[] = [];
  const notes: string[] = [];
  let exact = true;

  const add = (item: CostLine['item'], tokens: number, key: RateKey, fallbackKey?: RateKey): string | undefined => {
    if (tokens === 0) return undefined;
    let rate = prices[key];
    if (rate === null && fallbackKey !== undefined && prices[fallbackKey] !== null) {
      // Cached tokens never cost more than uncached ones, so the uncached rate is a safe bound.
      rate = prices[fallbackKey];
      exact = false;
      notes.push(`No ${item.replaceAll('_', ' ')} rate in the catalog: charged at the uncached rate (an upper bound).`);
    }
    if (rate === null) return `${tokens} ${item.replaceAll('_', ' ')} tokens have no price`;
    lines.push(tokenLine(item, tokens, rate));
    return undefined;
  };
  const missing =
    add('text_input', usage.inputTextTokens - cachedText, 'textInputUsdPerMillionTokens') ??
    add('text_cached_input', cachedText, 'textCachedInputUsdPerMillionTokens', 'textInputUsdPerMillionTokens') ??
    add('image_input', usage.inputImageTokens - cachedImage, 'imageInputUsdPerMillionTokens') ??
    add('image_cached_input', cachedImage, 'imageCachedInputUsdPerMillionTokens', 'imageInputUsdPerMillionTokens') ??
    add('image_output', usage.outputTokens - outputText, 'imageOutputUsdPerMillionTokens') ??
    add('text_output', outputText, 'textOutputUsdPerMillionTokens') ??
    add('partial_images', partialImageTokens, 'imageOutputUsdPerMillionTokens');
  return missing === undefined ? { ok: true, lines, exact, notes } : { ok: false, missing };
}

/**
 * The prompt's input tokens next to a per-image price, at the uncached rates. Models billed per
 * image only (no token prices: dall-e) bill no input, so no lines.
 */
export function promptLines(entry: ImageModelPrice, textTokens: number, imageTokens: number): TokenLines {
  const prices = entry.tokenPrices;
  if (prices === null) return { ok: true, lines: [], exact: true, notes: [] };
  const lines: CostLine[] = [];
  if (textTokens > 0) {
    if (prices.textInputUsdPerMillionTokens === null) return { ok: false, missing: `${textTokens} text input tokens have no price` };
    lines.push(tokenLine('text_input', textTokens, prices.textInputUsdPerMillionTokens));
  }
  if (imageTokens > 0) {
    if (prices.imageInputUsdPerMillionTokens === null) return { ok: false, missing: `${imageTokens} image input tokens have no price` };
    lines.push(tokenLine('image_input', imageTokens, prices.imageInputUsdPerMillionTokens));
  }
  return { ok: true, lines, exact: true, notes: [] };
}

/** "each partial image will incur an additional 100 image output tokens", at the image output rate. */
export function partialImageLines(entry: ImageModelPrice, partialImageTokens: number): TokenLines {
  if (partialImageTokens === 0) return { ok: true, lines: [], exact: true, notes: [] };
  const rate = entry.tokenPrices?.imageOutputUsdPerMillionTokens ?? null;
  if (rate === null) return { ok: false, missing: 'partial images have no image output token price' };
  return { ok: true, lines: [tokenLine('partial_images', partialImageTokens, rate)], exact: true, notes: [] };
}
