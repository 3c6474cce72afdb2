import type { ImageQuality } from '../spec/image-model.ts';
import type { GoogleImageSizeTier } from './gemini-image-size.ts';

/** What one Imagen model accepts on the Gemini API (Imagen guide, model table and parameters). */
export interface ImagenModelCapabilities {
  readonly aspectRatios: ReadonlyArray<string>;
  /** `sampleImageSize` tiers; empty when the model makes 1K only. */
  readonly imageSizes: ReadonlyArray<GoogleImageSizeTier>;
  /** `sampleCount` limit per request; larger n is split across requests. */
  readonly maxImagesPerRequest: number;
  readonly quality: Exclude<ImageQuality, 'auto'>;
}

const ratios = ['1:1', '3:4', '4:3', '9:16', '16:9'] as const;

/** By model id prefix; unknown ids get the Imagen 4 Standard rules minus the 2K tier. */
export function imagenModelCapabilities(modelId: string): ImagenModelCapabilities {
  // Ultra is asked for one image per request: its per-request limit is lower than the family's 4.
  if (modelId.startsWith('imagen-4.0-ultra')) return { aspectRatios: ratios, imageSizes: ['1K', '2K'], maxImagesPerRequest: 1, quality: 'high' };
  // Fast has no sampleImageSize (the SDK test suites reject it there).
  if (modelId.startsWith('imagen-4.0-fast')) return { aspectRatios: ratios, imageSizes: [], maxImagesPerRequest: 4, quality: 'low' };
  if (modelId.startsWith('imagen-4.0')) return { aspectRatios: ratios, imageSizes: ['1K', '2K'], maxImagesPerRequest: 4, quality: 'medium' };
  return { aspectRatios: ratios, imageSizes: [], maxImagesPerRequest: 4, quality: 'medium' };
}

/** n split into request-sized batches: 6 by 4 → [4, 2]. */
export function splitIntoBatches(n: number, maxPerRequest: number): number[] {
  const batches: number[] = [];
  for (let remaining = n; remaining > 0; remaining -= maxPerRequest) batches.push(Math.min(remaining, maxPerRequest));
  return batches;
}
