import { loadSharp } from '../../media/load-sharp.ts';
import { ApiError, invalidRequest } from '../../errors/api-error.ts';
import { type ImageHeader, readImageHeader } from './image-header.ts';

export interface DecodedImage {
  data: Uint8Array;
  mediaType: string;
  /** Pixels; set once the image has been read. */
  width?: number | undefined;
  height?: number | undefined;
}

const DATA_URL = /^data:(image\/[a-z0-9.+-]+);base64,(.*)$/is;

/** Decodes a `data:image/…;base64,` URL; undefined when `url` is not a data URL. */
export function decodeDataUrl(url: string, param: string): DecodedImage | undefined {
  const match = DATA_URL.exec(url);
  if (!match) return undefined;
  const [, mediaType = '', payload = ''] = match;
  const compact = payload.replace(/\s+/g, '');
  if (compact === '' || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) {
    throw invalidRequest(`Invalid base64 image data in '${param}'.`, param, 'invalid_base64_image');
  }
  return { data: Buffer.from(compact, 'base64'), mediaType: mediaType.toLowerCase() };
}

/**
 * Rejects bytes that are not an image we can read, or larger than `maxPixels`, naming the request
 * field. Only the header is read (see `readImageHeader`).
 */
export async function assertReadableImage(image: DecodedImage, param: string, maxPixels: number): Promise<DecodedImage> {
  let header: ImageHeader | undefined;
  try {
    header = await readImageHeader(image.data, param, maxPixels);
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    header = undefined;
  }
  if (header === undefined || !['png', 'jpeg', 'webp', 'gif'].includes(header.format)) {
    throw new ApiError(400, 'invalid_request_error', `The image in '${param}' is not a valid PNG, JPEG, WebP or GIF image.`, param, 'invalid_image');
  }
  return { data: image.data, mediaType: `image/${header.format}`, width: header.width, height: header.height };
}

/** The pixel size of image bytes, read from the header; undefined when they cannot be read. */
export async function readImageSize(data: Uint8Array): Promise<{ width: number; height: number } | undefined> {
  const sharp = await loadSharp();
  try {
    const { width, height } = await sharp(data).metadata();
    return width > 0 && height > 0 ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}
