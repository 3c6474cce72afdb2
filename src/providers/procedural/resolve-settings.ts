import { ImageGenerationError } from '../../errors/image-generation-error.ts';
import type {
  ImageModelCallOptions,
  ImageModelWarning,
  ImageOutputFormat,
  ImageQuality,
} from '../spec/image-model.ts';

/** The call's settings with every `auto` and default decided. */
export interface ResolvedSettings {
  /** Undefined when the size is `auto` for an edit: the base image decides. */
  readonly size: { readonly width: number; readonly height: number } | undefined;
  readonly quality: Exclude<ImageQuality, 'auto'>;
  readonly outputFormat: ImageOutputFormat;
  /** jpeg/webp encoder quality, 1..100. */
  readonly encoderQuality: number;
  /** False also when transparency was asked for jpeg, which cannot carry it. */
  readonly transparent: boolean;
  readonly partialImages: number;
  readonly warnings: ReadonlyArray<ImageModelWarning>;
}

const defaultSize = { width: 1024, height: 1024 } as const;
// Bounds the memory and time one render can take; the policy layer applies the real limits.
export const maxSideLength = 4096;
const maxImages = 10;
const maxPartialImages = 3;

/** Validates the options and decides defaults; throws `invalid_request` for values no backend could honour. */
export function resolveSettings(options: ImageModelCallOptions): ResolvedSettings {
  const warnings: ImageModelWarning[] = [];
  const isEdit = options.images.length > 0;
  requireInteger('n', options.n, 1, maxImages);
  const partialImages = options.partialImages ?? 0;
  requireInteger('partial_images', partialImages, 0, maxPartialImages);
  const compression = options.outputCompression ?? 100;
  requireInteger('output_compression', compression, 0, 100);

  const outputFormat = options.outputFormat ?? 'png';
  if (outputFormat === 'png' && options.outputCompression !== undefined && options.outputCompression !== 100) {
    warnings.push({ type: 'unsupported-setting', setting: 'outputCompression', message: 'output_compression applies to jpeg and webp only; png is lossless.' });
  }
  let transparent = options.background === 'transparent';
  if (transparent && outputFormat === 'jpeg') {
    transparent = false;
    warnings.push({ type: 'unsupported-setting', setting: 'background', message: 'jpeg has no alpha channel; the image was flattened onto an opaque background.' });
  }
  if (!isEdit && options.mask !== undefined) {
    warnings.push({ type: 'unsupported-setting', setting: 'mask', message: 'A mask needs an input image to apply to; it was ignored.' });
  }

  return {
    size: parseSize(options.size, isEdit),
    quality: options.quality === undefined || options.quality === 'auto' ? 'medium' : options.quality,
    outputFormat,
    // Sharp's encoders take 1..100; OpenAI's compression 0 means "smallest file" just the same.
    encoderQuality: Math.max(1, compression),
    transparent,
    partialImages,
    warnings,
  };
}

function parseSize(size: string | undefined, isEdit: boolean): ResolvedSettings['size'] {
  if (size === undefined || size === 'auto') return isEdit ? undefined : defaultSize;
  const match = /^(\d{1,5})x(\d{1,5})$/.exec(size);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (match === null || !(width >= 1 && width <= maxSideLength && height >= 1 && height <= maxSideLength)) {
    throw invalidRequest(`Invalid size '${size}': expected 'auto' or WIDTHxHEIGHT with sides from 1 to ${maxSideLength}.`);
  }
  return { width, height };
}

function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidRequest(`Invalid ${name} ${value}: expected an integer from ${min} to ${max}.`);
  }
}

function invalidRequest(message: string): ImageGenerationError {
  return new ImageGenerationError(message, 'invalid_request', 'image_generation_user_error');
}
