import { invalidRequest } from './image-errors.ts';

export interface PixelSize {
  readonly width: number;
  readonly height: number;
}

/** Bounds one size string may name, in pixels per side. */
export interface SideBounds {
  readonly minSide: number;
  readonly maxSide: number;
}

// Bounds the memory one resize can take; the policy layer applies the real limits.
export const maxSideLength = 4096;

/**
 * `WIDTHxHEIGHT` as pixels; undefined for `auto` or no size (the caller decides what that
 * means). Anything else, or a side out of `bounds`, is `invalid_request`.
 */
export function parseImageSize(size: string | undefined, bounds: SideBounds = { minSide: 1, maxSide: maxSideLength }): PixelSize | undefined {
  if (size === undefined || size === 'auto') return undefined;
  const { minSide, maxSide } = bounds;
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(size);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (match === null || !(width >= minSide && width <= maxSide && height >= minSide && height <= maxSide)) {
    throw invalidRequest(`Invalid size '${size}': expected 'auto' or WIDTHxHEIGHT with sides from ${minSide} to ${maxSide}.`);
  }
  return { width, height };
}

export function formatSize(size: PixelSize): string {
  return `${size.width}x${size.height}`;
}

/**
 * The `W:H` ratio closest to the size's shape, compared on a log scale so 2:1 and 1:2 are
 * equally far from 1:1.
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
