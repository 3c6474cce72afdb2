/**
 * The checks and warnings every image adapter applies to the spec's call options in the same
 * words; each adapter still decides which warnings it gives and in what order.
 */
import type { ImageModelCallOptions, ImageOutputFormat } from '../../spec/image-model.ts';
import { invalidRequest } from './image-errors.ts';

// A guard against runaway fan-out: with most backends each image is its own paid or slow call.
export const maxImagesPerCall = 10;
const maxPartialImages = 3;

export interface CheckedImageCall {
  /** 0..3; 0 when none were asked for. */
  readonly partialImages: number;
  readonly outputFormat: ImageOutputFormat;
  /** jpeg/webp encoder quality for our own encode, 1..100. */
  readonly encoderQuality: number;
}

/** Refuses `n`, `partial_images` and `output_compression` no backend could honour; decides the format. */
export function checkImageCall(options: ImageModelCallOptions): CheckedImageCall {
  requireInteger('n', options.n, 1, maxImagesPerCall);
  const partialImages = options.partialImages ?? 0;
  requireInteger('partial_images', partialImages, 0, maxPartialImages);
  const compression = options.outputCompression ?? 100;
  requireInteger('output_compression', compression, 0, 100);
  return {
    partialImages,
    outputFormat: options.outputFormat ?? 'png',
    // Sharp's encoders take 1..100; OpenAI's compression 0 means "smallest file" just the same.
    encoderQuality: Math.max(1, compression),
  };
}

/** A compression other than 100 was asked for a png, which is lossless. */
export function isPngCompressionIgnored(options: ImageModelCallOptions): boolean {
  return (options.outputFormat ?? 'png') === 'png' && options.outputCompression !== undefined && options.outputCompression !== 100;
}

export const pngCompressionIgnoredMessage = 'output_compression applies to jpeg and webp only; png is lossless.';

/** A mask came with no image to apply it to. */
export function isMaskWithoutImage(options: ImageModelCallOptions): boolean {
  return options.images.length === 0 && options.mask !== undefined;
}

export const maskWithoutImageMessage = 'A mask needs an input image to apply to; it was ignored.';

export function noPartialImagesMessage(backend: string): string {
  return `${backend} cannot stream partial images; none will be sent.`;
}

export function requireInteger(name: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidRequest(`Invalid ${name} ${value}: expected an integer from ${min} to ${max}.`);
  }
}

