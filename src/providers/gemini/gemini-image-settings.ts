import { ImageGenerationError } from '../../errors/image-generation-error.ts';
import type { ImageModelCallOptions, ImageModelWarning, ImageOutputFormat, ImageQuality } from '../spec/image-model.ts';
import { type PixelSize, parseImageSize } from './gemini-image-size.ts';

/** The settings Gemini and Imagen calls share, decided once per call. */
export interface GoogleImageSettings {
  /** The exact size to deliver; undefined for `auto`. */
  readonly size: PixelSize | undefined;
  readonly outputFormat: ImageOutputFormat;
  /** jpeg/webp encoder quality for our own re-encode, 1..100. */
  readonly encoderQuality: number;
  readonly quality: Exclude<ImageQuality, 'auto'>;
  readonly warnings: ReadonlyArray<ImageModelWarning>;
}

// A guard against runaway fan-out: each image is its own paid upstream call (or batch).
export const maxImagesPerCall = 10;
const maxPartialImages = 3;

/**
 * Validates what no request could succeed with (`invalid_request`) and turns every setting the
 * Google image APIs lack into a warning: they make opaque images at one quality and cannot
 * stream previews; we deliver size and format ourselves by resizing and re-encoding.
 */
export function resolveGoogleImageSettings(
  modelId: string,
  options: ImageModelCallOptions,
  model: { readonly quality: Exclude<ImageQuality, 'auto'> },
): GoogleImageSettings {
  const warnings: ImageModelWarning[] = [];
  const warn = (setting: string, message: string) => warnings.push({ type: 'unsupported-setting', setting, message });
  requireInteger('n', options.n, 1, maxImagesPerCall);
  const partialImages = options.partialImages ?? 0;
  requireInteger('partial_images', partialImages, 0, maxPartialImages);
  const compression = options.outputCompression ?? 100;
  requireInteger('output_compression', compression, 0, 100);

  const outputFormat = options.outputFormat ?? 'png';
  if (outputFormat === 'png' && compression !== 100) warn('outputCompression', 'output_compression applies to jpeg and webp only; png is lossless.');
  if (partialImages > 0) warn('partialImages', `${modelId} cannot stream partial images; none will be sent.`);
  if (options.background === 'transparent') warn('background', `${modelId} makes opaque images only; the image has no transparency.`);
  if (options.quality !== undefined && options.quality !== 'auto' && options.quality !== model.quality) {
    warn('quality', `${modelId} has a single quality level (reported as '${model.quality}'); quality '${options.quality}' was not applied.`);
  }
  if (options.moderation === 'low') warn('moderation', `${modelId} has no moderation setting; Google's default safety filters apply.`);
  if (options.images.length === 0 && options.mask !== undefined) warn('mask', 'A mask needs an input image to apply to; it was ignored.');

  return {
    size: parseImageSize(options.size),
    outputFormat,
    // Sharp's encoders take 1..100; OpenAI's compression 0 means "smallest file" just the same.
    encoderQuality: Math.max(1, compression),
    quality: model.quality,
    warnings,
  };
}

export function invalidRequest(message: string): ImageGenerationError {
  return new ImageGenerationError(message, 'invalid_request', 'image_generation_user_error');
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw invalidRequest(`Invalid ${name} ${value}: expected an integer from ${min} to ${max}.`);
}
