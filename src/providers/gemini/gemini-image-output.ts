import sharp from 'sharp';
import { encodePipeline, mediaTypeOf } from '../procedural/encode-image.ts';
import type { ImageOutputFormat } from '../spec/image-model.ts';
import { invalidResponse } from './gemini-image-error.ts';
import type { PixelSize } from './gemini-image-size.ts';

/** How an image leaves the adapter. */
export interface OutputSettings {
  /** Undefined: keep the size the model made. */
  readonly size: PixelSize | undefined;
  readonly outputFormat: ImageOutputFormat;
  /** 1..100 for jpeg/webp; 100 means no compression was asked for. */
  readonly encoderQuality: number;
}

export interface DeliveredImage {
  readonly data: Uint8Array;
  readonly mediaType: string;
  readonly size: PixelSize;
  /** The model's own size when we resized; undefined when it already fitted. */
  readonly resizedFrom: PixelSize | undefined;
}

/**
 * Brings a model's image to the exact size (centre crop after scaling, so nothing is
 * stretched) and format asked for. The bytes pass through untouched when they already are
 * what was asked: no second lossy encode.
 */
export async function deliverImage(provider: string, image: { readonly data: Uint8Array }, settings: OutputSettings): Promise<DeliveredImage> {
  const metadata = await readMetadata(provider, image.data);
  const own = { width: metadata.width, height: metadata.height };
  const size = settings.size ?? own;
  const sameSize = size.width === own.width && size.height === own.height;
  const sameFormat = metadata.format === settings.outputFormat;
  const mediaType = mediaTypeOf(settings.outputFormat);
  if (sameSize && sameFormat && (settings.outputFormat === 'png' || settings.encoderQuality === 100)) {
    return { data: image.data, mediaType, size, resizedFrom: undefined };
  }
  const pipeline = sharp(image.data).resize(size.width, size.height, { fit: 'cover', kernel: 'lanczos3' });
  const data = await encodePipeline(pipeline, { outputFormat: settings.outputFormat, encoderQuality: settings.encoderQuality, transparent: false });
  return { data, mediaType, size, resizedFrom: sameSize ? undefined : own };
}

async function readMetadata(provider: string, data: Uint8Array): Promise<{ width: number; height: number; format: string }> {
  try {
    const metadata = await sharp(data).metadata();
    return { width: metadata.width, height: metadata.height, format: metadata.format };
  } catch (cause) {
    throw invalidResponse(provider, `${provider} sent an image that cannot be decoded`, undefined, cause);
  }
}
