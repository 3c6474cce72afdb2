import sharp from 'sharp';
import { encodePipeline, mediaTypeOf } from '../procedural/encode-image.ts';
import type { ImageOutputFormat } from '../spec/image-model.ts';
import { invalidResponse } from './stability-image-error.ts';
import type { PixelSize } from './stability-image-size.ts';

export interface DeliveredImage {
  readonly data: Uint8Array;
  readonly mediaType: string;
  readonly size: PixelSize;
  /** The model's own size when we resized; undefined when it already fitted. */
  readonly resizedFrom: PixelSize | undefined;
}

/**
 * Brings Stability's image to the exact size (scaled, centre cropped: nothing is stretched) and
 * format asked for; the bytes pass through untouched when they already are what was asked.
 */
export async function deliverImage(
  provider: string,
  data: Uint8Array,
  settings: { readonly size: PixelSize | undefined; readonly outputFormat: ImageOutputFormat; readonly encoderQuality: number },
): Promise<DeliveredImage> {
  let own: PixelSize & { format: string };
  try {
    const metadata = await sharp(data).metadata();
    own = { width: metadata.width, height: metadata.height, format: metadata.format };
  } catch (cause) {
    throw invalidResponse(provider, `${provider} sent an image that cannot be decoded`, undefined, cause);
  }
  const size = settings.size ?? { width: own.width, height: own.height };
  const sameSize = size.width === own.width && size.height === own.height;
  const mediaType = mediaTypeOf(settings.outputFormat);
  if (sameSize && own.format === settings.outputFormat && (settings.outputFormat === 'png' || settings.encoderQuality === 100)) {
    return { data, mediaType, size, resizedFrom: undefined };
  }
  const pipeline = sharp(data).resize(size.width, size.height, { fit: 'cover', kernel: 'lanczos3' });
  const encoded = await encodePipeline(pipeline, { outputFormat: settings.outputFormat, encoderQuality: settings.encoderQuality, transparent: false });
  return { data: encoded, mediaType, size, resizedFrom: sameSize ? undefined : { width: own.width, height: own.height } };
}
