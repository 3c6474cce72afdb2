import { z } from 'zod';
import { pushWireIssue } from './wire-primitives.ts';

/** Smallest and largest edge accepted in a `WIDTHxHEIGHT` size, in pixels. */
export const MIN_IMAGE_EDGE_PIXELS = 16;
export const MAX_IMAGE_EDGE_PIXELS = 3840;

/** A parsed `size`: `auto`, or explicit pixel dimensions. */
export type ImageSize = 'auto' | { readonly widthPixels: number; readonly heightPixels: number };

const SIZE_PATTERN = /^(\d{1,5})x(\d{1,5})$/;

/**
 * Parses `auto` or `WIDTHxHEIGHT` with both edges in 16..3840, or returns `undefined`.
 * Model-specific rules (multiples of 16, aspect ratio, the standard size list of older models)
 * are left to the image model: the wire format only guarantees a well-formed size.
 */
export function parseImageSize(size: string): ImageSize | undefined {
  if (size === 'auto') return 'auto';
  const match = SIZE_PATTERN.exec(size);
  if (!match) return undefined;
  const widthPixels = Number(match[1]);
  const heightPixels = Number(match[2]);
  const inRange = (edge: number) => edge >= MIN_IMAGE_EDGE_PIXELS && edge <= MAX_IMAGE_EDGE_PIXELS;
  return inRange(widthPixels) && inRange(heightPixels) ? { widthPixels, heightPixels } : undefined;
}

/** The image_generation tool's `size`. */
export const imageSizeSchema = z.string().check((ctx) => {
  if (parseImageSize(ctx.value) !== undefined) return;
  pushWireIssue(ctx, {
    code: 'invalid_value',
    message:
      `Invalid value: '${ctx.value.slice(0, 40)}'. Supported values are: 'auto' or 'WIDTHxHEIGHT' ` +
      `(e.g. '1024x1024', '1536x1024', '1024x1536') with each edge between ${MIN_IMAGE_EDGE_PIXELS} ` +
      `and ${MAX_IMAGE_EDGE_PIXELS} pixels.`,
  });
});
