import { ImageGenerationError } from '../../errors/image-generation-error.ts';

export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

/** `aspect_ratio` values of the generate endpoints (Ultra, Core and SD3 share them). */
export const stabilityAspectRatios = ['16:9', '1:1', '21:9', '2:3', '3:2', '4:5', '5:4', '9:16', '9:21'] as const;

// Bounds the memory one resize can take; the policy layer applies the real limits.
const maxSideLength = 4096;

/** `WIDTHxHEIGHT` as pixels; undefined for `auto` or no size. Anything else is `invalid_request`. */
export function parseImageSize(size: string | undefined): PixelSize | undefined {
  if (size === undefined || size === 'auto') return undefined;
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(size);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (match === null || !(width >= 1 && width <= maxSideLength && height >= 1 && height <= maxSideLength)) {
    throw new ImageGenerationError(`Invalid size '${size}': expected 'auto' or WIDTHxHEIGHT with sides from 1 to ${maxSideLength}.`, 'invalid_request', 'image_generation_user_error');
  }
  return { width, height };
}

export function formatSize(size: PixelSize): string {
  return `${size.width}x${size.height}`;
}

/** The ratio closest to the size's shape, on a log scale so 2:1 and 1:2 are equally far from 1:1. */
export function nearestAspectRatio(size: PixelSize, ratios: ReadonlyArray<string> = stabilityAspectRatios): string {
  const wanted = Math.log(size.width / size.height);
  let best = '1:1';
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
