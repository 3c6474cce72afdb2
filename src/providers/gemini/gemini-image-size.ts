import type { PixelSize } from '../shared/image/pixel-size.ts';

/** Google's resolution tiers (`imageConfig.imageSize`, Imagen's `sampleImageSize`). */
export type GoogleImageSizeTier = '1K' | '2K' | '4K';

// Each tier is about this many pixels (1K: 1024x1024 at 1:1); 10% slack keeps 1024x1088 on 1K.
const tierPixels: ReadonlyArray<readonly [GoogleImageSizeTier, number]> = [
  ['1K', 1024 * 1024 * 1.1],
  ['2K', 2048 * 2048 * 1.1],
  ['4K', Number.POSITIVE_INFINITY],
];

/**
 * The smallest tier the model offers that needs no upscaling to reach `size` (the largest it
 * offers when none does); undefined when the model has no tiers, no size was asked for, or 1K
 * will do (it is every model's default). Gemini 3 Pro Image prices 1K and 2K alike; only 4K
 * costs more, and it is chosen only for sizes 2K would have to upscale.
 */
export function pickImageSizeTier(size: PixelSize | undefined, tiers: ReadonlyArray<GoogleImageSizeTier>): GoogleImageSizeTier | undefined {
  if (size === undefined || tiers.length === 0) return undefined;
  const pixels = size.width * size.height;
  const offered = tierPixels.filter(([tier]) => tiers.includes(tier));
  const fitting = offered.find(([, limit]) => pixels <= limit);
  const chosen = fitting ?? offered[offered.length - 1];
  // Without a size the model's default (1K) is what we want; sending it would only add a field.
  return chosen === undefined || chosen[0] === '1K' ? undefined : chosen[0];
}
