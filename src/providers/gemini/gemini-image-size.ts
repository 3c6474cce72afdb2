import { ImageGenerationError } from '../../errors/image-generation-error.ts';

export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

/** Google's resolution tiers (`imageConfig.imageSize`, Imagen's `sampleImageSize`). */
export type GoogleImageSizeTier = '1K' | '2K' | '4K';

// Bounds the memory one resize can take; the policy layer applies the real limits.
const maxSideLength = 4096;

/** `WIDTHxHEIGHT` as pixels; undefined for `auto` or no size. Anything else is `invalid_request`. */
export function parseImageSize(size: string | undefined): PixelSize | undefined {
  if (size === undefined || size === 'auto') return undefined;
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(size);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (match === null || !(width >= 1 && width <= maxSideLength && height >= 1 && height <= maxSideLength)) {
    throw new ImageGenerationError(
      `Invalid size '${size}': expected 'auto' or WIDTHxHEIGHT with sides from 1 to ${maxSideLength}.`,
      'invalid_request',
      'image_generation_user_error',
    );
  }
  return { width, height };
}

export function formatSize(size: PixelSize): string {
  return `${size.width}x${size.height}`;
}

/**
 * The supported `W:H` ratio closest to the size's shape, compared on a log scale so 2:1 and 1:2
 * are equally far from 1:1.
 */
export function nearestAspectRatio(size: PixelSize, ratios: ReadonlyArray<string>): string {
  const wanted = Math.log(size.width / size.height);
  let best = ratios[0] ?? '1:1';
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const ratio of ratios) {
    const [width, height] = ratio.split(':').map(Number) as [number, number];
    const distance = Math.abs(Math.log(width / height) - wanted);
    if (distance < bestDistance) {
      best = ratio;
      bestDistance = distance;
    }
  }
  return best;
}

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
