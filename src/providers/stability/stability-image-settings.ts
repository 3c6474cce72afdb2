import type { ImageModelCallOptions, ImageModelWarning, ImageOutputFormat } from '../spec/image-model.ts';
import { checkImageCall } from '../shared/image/image-call-checks.ts';
import { invalidRequest } from '../shared/image/image-errors.ts';
import { opaqueModelWarnings } from '../shared/image/opaque-model-warnings.ts';
import { type PixelSize, parseImageSize } from '../shared/image/pixel-size.ts';
import type { StabilityModel } from './stability-image-models.ts';

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

/** Stability's seed range; 0 means "pick one at random". */
export const maxStabilitySeed = 4_294_967_294;

/**
 * Validates what no request could succeed with (`invalid_request`), decides the operation, and
 * turns the settings Stability lacks into warnings: it makes opaque images at one quality per
 * model, streams no previews and has no moderation level.
 */
export function resolveStabilitySettings(modelId: string, model: StabilityModel, options: ImageModelCallOptions): StabilitySettings {
  const { outputFormat, encoderQuality } = checkImageCall(options);
  const operation: StabilityOperation = options.images.length === 0 ? 'generate' : options.mask !== undefined ? 'inpaint' : 'image-to-image';
  if (operation === 'image-to-image' && model.imageToImage === undefined) {
    throw invalidRequest(`${modelId} cannot edit an image without a mask; give a mask (inpainting) or use stable-image-ultra or an sd3.5 model.`);
  }

  const warnings = opaqueModelWarnings(modelId, options, { quality: model.quality, moderationMessage: 'Stability has no moderation setting; its content moderation applies.' });
  const warn = (setting: string, message: string) => warnings.push({ type: 'unsupported-setting', setting, message });
  if (options.images.length > 1) warn('images', `Stability edits one image; the ${options.images.length - 1} after the first were not sent.`);
  if (operation !== 'image-to-image' && options.images.length > 0 && options.inputFidelity !== undefined) {
    warn('inputFidelity', 'Inpainting has no input fidelity setting; it was not sent.');
  }
  if (options.seed !== undefined && !(Number.isInteger(options.seed) && options.seed >= 0 && options.seed <= maxStabilitySeed)) {
    warn('seed', `Stability takes a seed from 0 to ${maxStabilitySeed}; ${options.seed} was not sent.`);
  }

  return { operation, size: parseImageSize(options.size), outputFormat, encoderQuality, warnings };
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
