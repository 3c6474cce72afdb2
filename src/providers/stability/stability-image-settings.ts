import { ImageGenerationError } from '../../errors/image-generation-error.ts';
import type { ImageModelCallOptions, ImageModelWarning, ImageOutputFormat } from '../spec/image-model.ts';
import type { StabilityModel } from './stability-image-models.ts';
import { type PixelSize, parseImageSize } from './stability-image-size.ts';

/** What a Stability call does: text to image, image to image, or inpainting through a mask. */
export type StabilityOperation = 'generate' | 'image-to-image' | 'inpaint';

export interface StabilitySettings {
  readonly operation: StabilityOperation;
  /** The exact size to deliver; undefined for `auto`. */
  readonly size: PixelSize | undefined;
  readonly outputFormat: ImageOutputFormat;
  /** jpeg/webp quality for our own re-encode, 1..100. */
  readonly encoderQuality: number;
  readonly warnings: ReadonlyArray<ImageModelWarning>;
}

// Each image is its own paid call; this guards against runaway fan-out.
const maxImages = 10;
const maxPartialImages = 3;
/** Stability's seed range; 0 means "pick one at random". */
export const maxStabilitySeed = 4_294_967_294;

/**
 * Validates what no request could succeed with (`invalid_request`), decides the operation, and
 * turns the settings Stability lacks into warnings: it makes opaque images at one quality per
 * model, streams no previews and has no moderation level.
 */
export function resolveStabilitySettings(modelId: string, model: StabilityModel, options: ImageModelCallOptions): StabilitySettings {
  const warnings: ImageModelWarning[] = [];
  const warn = (setting: string, message: string) => warnings.push({ type: 'unsupported-setting', setting, message });
  requireInteger('n', options.n, 1, maxImages);
  const partialImages = options.partialImages ?? 0;
  requireInteger('partial_images', partialImages, 0, maxPartialImages);
  const compression = options.outputCompression ?? 100;
  requireInteger('output_compression', compression, 0, 100);

  const operation: StabilityOperation = options.images.length === 0 ? 'generate' : options.mask !== undefined ? 'inpaint' : 'image-to-image';
  if (operation === 'image-to-image' && model.imageToImage === undefined) {
    throw invalidRequest(`${modelId} cannot edit an image without a mask; give a mask (inpainting) or use stable-image-ultra or an sd3.5 model.`);
  }

  const outputFormat = options.outputFormat ?? 'png';
  if (outputFormat === 'png' && compression !== 100) warn('outputCompression', 'output_compression applies to jpeg and webp only; png is lossless.');
  if (partialImages > 0) warn('partialImages', `${modelId} cannot stream partial images; none will be sent.`);
  if (options.background === 'transparent') warn('background', `${modelId} makes opaque images only; the image has no transparency.`);
  if (options.quality !== undefined && options.quality !== 'auto' && options.quality !== model.quality) {
    warn('quality', `${modelId} has a single quality level (reported as '${model.quality}'); quality '${options.quality}' was not applied.`);
  }
  if (options.moderation === 'low') warn('moderation', 'Stability has no moderation setting; its content moderation applies.');
  if (operation === 'generate' && options.mask !== undefined) warn('mask', 'A mask needs an input image to apply to; it was ignored.');
  if (options.images.length > 1) warn('images', `Stability edits one image; the ${options.images.length - 1} after the first were not sent.`);
  if (operation !== 'image-to-image' && options.images.length > 0 && options.inputFidelity !== undefined) {
    warn('inputFidelity', 'Inpainting has no input fidelity setting; it was not sent.');
  }
  if (options.seed !== undefined && !(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= maxStabilitySeed)) {
    warn('seed', `Stability takes a seed from 0 to ${maxStabilitySeed}; ${options.seed} was not sent.`);
  }

  return { operation, size: parseImageSize(options.size), outputFormat, encoderQuality: Math.max(1, compression), warnings };
}

/** Image `index` of a call uses `seed + index` (wrapping within Stability's range), so n images differ but repeat. */
export function seedForImage(seed: number | undefined, index: number): number | undefined {
  if (seed === undefined || !Number.isInteger(seed) || seed < 0 || seed > maxStabilitySeed) return undefined;
  return (seed + index) % (maxStabilitySeed + 1);
}

/**
 * Stability's `strength`: how far an image-to-image result may move from the input (0 keeps it,
 * 1 ignores it). OpenAI's input_fidelity `high` asks to keep the input's details.
 */
export function strengthFor(inputFidelity: 'high' | 'low' | undefined): number {
  return inputFidelity === 'high' ? 0.35 : inputFidelity === 'low' ? 0.7 : 0.5;
}

export function invalidRequest(message: string): ImageGenerationError {
  return new ImageGenerationError(message, 'invalid_request', 'image_generation_user_error');
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) throw invalidRequest(`Invalid ${name} ${value}: expected an integer from ${min} to ${max}.`);
}
