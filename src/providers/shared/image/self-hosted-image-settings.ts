/**
 * What a Stable-Diffusion-style backend (ComfyUI, AUTOMATIC1111) makes of the spec's call
 * options: sizes it can render, steps for a quality, a seed, and a warning for every setting it
 * cannot honour.
 */
import type { ImageModelCallOptions, ImageModelWarning, ImageQuality } from '../../spec/image-model.ts';
import { type CheckedImageCall, checkImageCall, isMaskWithoutImage, isPngCompressionIgnored, maskWithoutImageMessage, noPartialImagesMessage, pngCompressionIgnoredMessage, requireInteger } from './image-call-checks.ts';
import { type PixelSize, maxSideLength, parseImageSize } from './pixel-size.ts';

export type StepsByQuality = Readonly<Record<Exclude<ImageQuality, 'auto'>, number>>;

/** Sampling steps per quality; medium is the web UIs' own default of 20. */
export const defaultStepsByQuality: StepsByQuality = { low: 12, medium: 20, high: 30 };

export interface SelfHostedImageSettings extends Pick<CheckedImageCall, 'outputFormat' | 'encoderQuality'> {
  /** The exact size every image is delivered at; undefined for an `auto` edit (the input decides). */
  readonly outputSize: PixelSize | undefined;
  readonly quality: Exclude<ImageQuality, 'auto'>;
  readonly steps: number;
  /** The seed of the first image; the backends give image `i` of a batch `seed + i`. */
  readonly seed: number;
  readonly warnings: ReadonlyArray<ImageModelWarning>;
}

const defaultSize: PixelSize = { width: 1024, height: 1024 };
const sizeBounds = { minSide: 16, maxSide: maxSideLength };
// Latents are 1/8 of the pixel size, so both web UIs render multiples of 8 only.
const latentMultiple = 8;
const minWorkingSide = 16;

export function resolveSelfHostedSettings(
  options: ImageModelCallOptions,
  backend: { readonly name: string; readonly stepsByQuality: StepsByQuality },
): SelfHostedImageSettings {
  const warnings: ImageModelWarning[] = [];
  const warn = (setting: string, message: string) => warnings.push({ type: 'unsupported-setting', setting, message });
  const isEdit = options.images.length > 0;
  const { partialImages, outputFormat, encoderQuality } = checkImageCall(options);
  if (options.seed !== undefined) requireInteger('seed', options.seed, 0, Number.MAX_SAFE_INTEGER);

  if (partialImages > 0) warn('partialImages', noPartialImagesMessage(backend.name));
  if (options.background === 'transparent') warn('background', `${backend.name} renders opaque images; the background is opaque.`);
  if (isPngCompressionIgnored(options)) warn('outputCompression', pngCompressionIgnoredMessage);
  if (isMaskWithoutImage(options)) warn('mask', maskWithoutImageMessage);
  if (options.images.length > 1) warn('images', `${backend.name} edits one image; the other ${options.images.length - 1} were ignored.`);
  // moderation: a self-hosted backend runs whatever filter its operator installed, for `auto` and
  // `low` alike; the tool sends `auto` on every call, so a warning here would be noise.

  const quality = options.quality === undefined || options.quality === 'auto' ? 'medium' : options.quality;
  return {
    outputSize: parseImageSize(options.size, sizeBounds) ?? (isEdit ? undefined : defaultSize),
    quality,
    steps: backend.stepsByQuality[quality],
    outputFormat,
    encoderQuality,
    seed: options.seed ?? seedFromPrompt(options.prompt),
    warnings,
  };
}

/**
 * The size to render at: the output size scaled down to fit `maxWorkingSide` and rounded to
 * multiples of 8; the result is resized to the exact output size afterwards.
 */
export function workingSizeFor(output: PixelSize, maxWorkingSide: number): PixelSize {
  const scale = Math.min(1, maxWorkingSide / Math.max(output.width, output.height));
  const round = (side: number) => Math.max(minWorkingSide, Math.round((side * scale) / latentMultiple) * latentMultiple);
  return { width: round(output.width), height: round(output.height) };
}

/**
 * A seed when the call brings none: the same prompt draws the same picture (as the procedural
 * backend does), which also lets ComfyUI answer a repeated prompt from its cache. FNV-1a, 32 bit.
 */
export function seedFromPrompt(prompt: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(prompt)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
