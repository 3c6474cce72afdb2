import { invalidRequest } from '../shared/image/image-errors.ts';
import type { ImageOutputFormat, ImageQuality } from '../spec/image-model.ts';

/** Where one Stability model is served and what it accepts (platform.stability.ai API reference). */
export interface StabilityModel {
  /** e.g. `/v2beta/stable-image/generate/ultra` */
  readonly path: string;
  /** The `model` form field of the SD3 endpoint; undefined for Ultra and Core. */
  readonly modelField: string | undefined;
  readonly outputFormats: ReadonlyArray<ImageOutputFormat>;
  /**
   * How the generate endpoint takes an input image: Ultra reads `image` + `strength`, SD3 also
   * wants `mode=image-to-image`; Core takes none.
   */
  readonly imageToImage: 'strength' | 'mode' | undefined;
  /** The model's single quality level, as the result reports it. */
  readonly quality: Exclude<ImageQuality, 'auto'>;
}

/** `aspect_ratio` values of the generate endpoints (Ultra, Core and SD3 share them). */
export const stabilityAspectRatios: ReadonlyArray<string> = ['16:9', '1:1', '21:9', '2:3', '3:2', '4:5', '5:4', '9:16', '9:21'];

export const stabilityInpaintPath = '/v2beta/stable-image/edit/inpaint';
export const stabilityInpaintOutputFormats: ReadonlyArray<ImageOutputFormat> = ['png', 'jpeg', 'webp'];

const ultra: StabilityModel = { path: '/v2beta/stable-image/generate/ultra', modelField: undefined, outputFormats: ['png', 'jpeg', 'webp'], imageToImage: 'strength', quality: 'high' };
const core: StabilityModel = { path: '/v2beta/stable-image/generate/core', modelField: undefined, outputFormats: ['png', 'jpeg', 'webp'], imageToImage: undefined, quality: 'medium' };

// The SD3 endpoint's `model` values; Stability reroutes the sd3-* ids to 3.5 since April 2025.
const sd3Qualities: Readonly<Record<string, Exclude<ImageQuality, 'auto'>>> = {
  'sd3.5-large': 'high',
  'sd3.5-large-turbo': 'medium',
  'sd3.5-medium': 'medium',
  'sd3-large': 'high',
  'sd3-large-turbo': 'medium',
  'sd3-medium': 'medium',
};

/** The model behind an id; an unknown id is `invalid_request` (the image tool's `model` may name it). */
export function stabilityModel(modelId: string): StabilityModel {
  if (modelId === 'stable-image-ultra') return ultra;
  if (modelId === 'stable-image-core') return core;
  const quality = sd3Qualities[modelId];
  if (quality !== undefined) {
    // The SD3 endpoint's output_format is jpeg or png only.
    return { path: '/v2beta/stable-image/generate/sd3', modelField: modelId, outputFormats: ['png', 'jpeg'], imageToImage: 'mode', quality };
  }
  throw invalidRequest(`Unknown Stability image model '${modelId}': expected one of stable-image-ultra, stable-image-core, ${Object.keys(sd3Qualities).join(', ')}.`);
}
