/**
 * What a Stable-Diffusion-style backend (ComfyUI, AUTOMATIC1111) makes of the spec's call
 * options: sizes it can render, steps for a quality, a seed, and a warning for every setting it
 * cannot honour. Shared by both self-hosted adapters; belongs in `providers/shared/` once a
 * third backend needs it.
 */
import { ImageGenerationError } from '../../errors/image-generation-error.ts';
import type { ImageModelCallOptions, ImageModelWarning, ImageOutputFormat, ImageQuality } from '../spec/image-model.ts';

export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

export type StepsByQuality = Readonly<Record<Exclude<ImageQuality, 'auto'>, number>>;

/** Sampling steps per quality; medium is the web UIs' own default of 20. */
export const defaultStepsByQuality: StepsByQuality = { low: 12, medium: 20, high: 30 };

export interface SelfHostedImageSettings {
  /** The exact size every image is delivered at; undefined for an `auto` edit (the input decides). */
  readonly outputSize: ImageSize | undefined;
  readonly quality: Exclude<ImageQuality, 'auto'>;
  readonly steps: number;
  readonly outputFormat: ImageOutputFormat;
  /** jpeg/webp encoder quality, 1..100. */
  readonly encoderQuality: number;
  /** The seed of the first image; the backends give image `i` of a batch `seed + i`. */
  readonly seed: number;
  readonly warnings: ReadonlyArray<ImageModelWarning>;
}

const defaultSize: ImageSize = { width: 1024, height: 1024 };
const minSide = 16;
const maxSide = 4096;
const maxImages = 10;
const maxPartialImages = 3;
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
  requireInteger('n', options.n, 1, maxImages);
  requireInteger('partial_images', options.partialImages ?? 0, 0, maxPartialImages);
  requireInteger('output_compression', options.outputCompression ?? 100, 0, 100);
  if (options.seed !== undefined) requireInteger('seed', options.seed, 0, Number.MAX_SAFE_INTEGER);

  const outputFormat = options.outputFormat ?? 'png';
  if ((options.partialImages ?? 0) > 0) warn('partialImages', `${backend.name} cannot stream partial images; none will be sent.`);
  if (options.background === 'transparent') warn('background', `${backend.name} renders opaque images; the background is opaque.`);
  if (outputFormat === 'png' && options.outputCompression !== undefined && options.outputCompression !== 100) {
    warn('outputCompression', 'output_compression applies to jpeg and webp only; png is lossless.');
  }
  if (!isEdit && options.mask !== undefined) warn('mask', 'A mask needs an input image to apply to; it was ignored.');
  if (options.images.length > 1) warn('images', `${backend.name} edits one image; the other ${options.images.length - 1} were ignored.`);
  // moderation: a self-hosted backend runs whatever filter its operator installed, for `auto` and
  // `low` alike; the tool sends `auto` on every call, so a warning here would be noise.

  const quality = options.quality === undefined || options.quality === 'auto' ? 'medium' : options.quality;
  return {
    outputSize: parseSize(options.size, isEdit),
    quality,
    steps: backend.stepsByQuality[quality],
    outputFormat,
    // Sharp's encoders take 1..100; OpenAI's compression 0 means "smallest file" just the same.
    encoderQuality: Math.max(1, options.outputCompression ?? 100),
    seed: options.seed ?? seedFromPrompt(options.prompt),
    warnings,
  };
}

/**
 * The size to render at: the output size scaled down to fit `maxWorkingSide` and rounded to
 * multiples of 8; the result is resized to the exact output size afterwards.
 */
export function workingSizeFor(output: ImageSize, maxWorkingSide: number): ImageSize {
  const scale = Math.min(1, maxWorkingSide / Math.max(output.width, output.height));
  const round = (side: number) => Math.max(minWorkingSide, Math.round((side * scale) / latentMultiple) * latentMultiple);
  return { width: round(output.width), height: round(output.height) };
}

export function formatSize(size: ImageSize): string {
  return `${size.width}x${size.height}`;
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

function parseSize(size: string | undefined, isEdit: boolean): ImageSize | undefined {
  if (size === undefined || size === 'auto') return isEdit ? undefined : defaultSize;
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(size);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (match === null || !(width >= minSide && width <= maxSide && height >= minSide && height <= maxSide)) {
    throw invalidRequest(`Invalid size '${size}': expected 'auto' or WIDTHxHEIGHT with sides from ${minSide} to ${maxSide}.`);
  }
  return { width, height };
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidRequest(`Invalid ${name} ${value}: expected an integer from ${min} to ${max}.`);
  }
}

export function invalidRequest(message: string, cause?: unknown): ImageGenerationError {
  return new ImageGenerationError(message, 'invalid_request', 'image_generation_user_error', { cause });
}
