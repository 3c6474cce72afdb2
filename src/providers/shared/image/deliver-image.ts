/**
 * Turns what a backend made into what the call asked for: the exact size (scaled and centre
 * cropped, so nothing is stretched), the format and compression, an opaque background.
 */
import { loadSharp } from '../../../media/load-sharp.ts';
import { DECODE_LIMIT } from './decode-limit.ts';
import type { GeneratedImage, ImageModelWarning, ImageOutputFormat } from '../../spec/image-model.ts';
import { invalidResponse } from '../invalid-response.ts';
import { encodePipeline, mediaTypeOf } from './encode-image.ts';
import { type PixelSize, formatSize } from './pixel-size.ts';

/** How an image leaves the adapter. */
export interface OutputSettings {
  /** Undefined: keep the size the backend made. */
  readonly size: PixelSize | undefined;
  readonly outputFormat: ImageOutputFormat;
  /** 1..100 for jpeg/webp; 100 means no compression was asked for. */
  readonly encoderQuality: number;
}

export interface DeliveredImage {
  readonly data: Uint8Array;
  readonly mediaType: string;
  readonly size: PixelSize;
  /** The backend's own size when we resized; undefined when it already fitted. */
  readonly resizedFrom: PixelSize | undefined;
}

export interface DeliverOptions {
  /**
   * Re-encode even what already fits. Both Stable Diffusion web UIs embed the whole generation
   * recipe in PNG text chunks (ComfyUI the full workflow graph), which a re-encode drops.
   */
  readonly stripMetadata?: boolean;
}

/**
 * Brings one image to the size and format asked for. Unless `stripMetadata` is set, the bytes
 * pass through untouched when they already are what was asked: no second lossy encode.
 * Bytes that do not decode are the backend's fault: a non-retryable invalid_response.
 */
export async function deliverImage(provider: string, data: Uint8Array, settings: OutputSettings, options: DeliverOptions = {}): Promise<DeliveredImage> {
  const sharp = await loadSharp();
  const own = await readOwnSize(provider, data);
  const size = settings.size ?? { width: own.width, height: own.height };
  const sameSize = size.width === own.width && size.height === own.height;
  const mediaType = mediaTypeOf(settings.outputFormat);
  const fits = sameSize && own.format === settings.outputFormat && (settings.outputFormat === 'png' || settings.encoderQuality === 100);
  if (fits && options.stripMetadata !== true) return { data, mediaType, size, resizedFrom: undefined };
  const pipeline = sharp(data, DECODE_LIMIT).resize(size.width, size.height, { fit: 'cover', kernel: 'lanczos3' });
  const encoded = await encodePipeline(pipeline, { outputFormat: settings.outputFormat, encoderQuality: settings.encoderQuality, transparent: false });
  return { data: encoded, mediaType, size, resizedFrom: sameSize ? undefined : { width: own.width, height: own.height } };
}

/**
 * Delivers each of a call's images in turn, checking the signal before each. Without a size
 * the first image's decides for all, so one result has one size.
 */
export async function deliverEach<T>(
  items: ReadonlyArray<T>,
  settings: OutputSettings,
  abortSignal: AbortSignal,
  deliver: (item: T, settings: OutputSettings) => Promise<DeliveredImage>,
): Promise<DeliveredImage[]> {
  const delivered: DeliveredImage[] = [];
  for (const item of items) {
    abortSignal.throwIfAborted();
    delivered.push(await deliver(item, { ...settings, size: settings.size ?? delivered[0]?.size }));
  }
  abortSignal.throwIfAborted();
  return delivered;
}

/** The result's images and size: the first image's, which {@link deliverEach} gave them all. */
export function deliveredImages(delivered: ReadonlyArray<DeliveredImage>): { images: GeneratedImage[]; size: string } {
  const [first] = delivered;
  if (first === undefined) throw new RangeError('deliveredImages needs at least one image');
  return { images: delivered.map((image) => ({ data: image.data, mediaType: image.mediaType, revisedPrompt: undefined })), size: formatSize(first.size) };
}

/** A warning naming the size the model made, when any image had to be resized. */
export function resizeWarnings(modelId: string, delivered: ReadonlyArray<DeliveredImage>): ImageModelWarning[] {
  const resized = delivered.find((image) => image.resizedFrom !== undefined);
  if (resized?.resizedFrom === undefined) return [];
  return [{ type: 'other', setting: 'size', message: `${modelId} made ${formatSize(resized.resizedFrom)}; the image was resized to ${formatSize(resized.size)}.` }];
}

async function readOwnSize(provider: string, data: Uint8Array): Promise<PixelSize & { readonly format: string }> {
  const sharp = await loadSharp();
  try {
    const metadata = await sharp(data).metadata();
    return { width: metadata.width, height: metadata.height, format: metadata.format };
  } catch (cause) {
    throw invalidResponse(provider, `${provider} sent an image that cannot be decoded`, undefined, cause);
  }
}
