/**
 * Turns what a self-hosted backend rendered into what the call asked for: exact size, format,
 * compression, opaque background. Shared by the ComfyUI and AUTOMATIC1111 adapters (a
 * `providers/shared/` candidate).
 */
import sharp, { type Sharp } from 'sharp';
import { ProviderError } from '../shared/provider-error.ts';
import type { ImageOutputFormat } from '../spec/image-model.ts';
import type { ImageSize } from './self-hosted-image-settings.ts';

export interface OutputEncoding {
  readonly size: ImageSize;
  readonly outputFormat: ImageOutputFormat;
  /** jpeg/webp quality, 1..100. */
  readonly encoderQuality: number;
}

export interface EncodedOutputImage {
  readonly data: Uint8Array;
  /** The size the backend delivered, when it had to be resized. */
  readonly resizedFrom: ImageSize | undefined;
}

const mediaTypeByFormat: Readonly<Record<ImageOutputFormat, string>> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp' };

export function mediaTypeOf(format: ImageOutputFormat): string {
  return mediaTypeByFormat[format];
}

/**
 * Always re-encodes, even at the right size and format: both web UIs embed the whole
 * generation recipe in PNG text chunks (ComfyUI the full workflow graph), which sharp drops.
 */
export async function encodeOutputImage(provider: string, data: Uint8Array, target: OutputEncoding): Promise<EncodedOutputImage> {
  let delivered: ImageSize;
  try {
    const metadata = await sharp(data).metadata();
    delivered = { width: metadata.width, height: metadata.height };
  } catch (cause) {
    throw new ProviderError({ provider, kind: 'invalid_response', message: `${provider} sent an image that cannot be decoded`, isRetryable: false, cause });
  }
  const resized = delivered.width !== target.size.width || delivered.height !== target.size.height;
  // cover, not fill: a workflow that renders another aspect is cropped, never squashed.
  const pipeline = sharp(data)
    .resize(target.size.width, target.size.height, { fit: 'cover', kernel: 'lanczos3' })
    .flatten({ background: '#ffffff' });
  const encoded = await encode(pipeline, target);
  return { data: encoded, resizedFrom: resized ? delivered : undefined };
}

function encode(pipeline: Sharp, target: OutputEncoding): Promise<Buffer> {
  switch (target.outputFormat) {
    case 'png':
      return pipeline.png({ compressionLevel: 3 }).toBuffer();
    case 'jpeg':
      return pipeline.jpeg({ quality: target.encoderQuality }).toBuffer();
    case 'webp':
      return pipeline.webp({ quality: target.encoderQuality, effort: 0 }).toBuffer();
  }
}
