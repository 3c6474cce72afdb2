import sharp from 'sharp';
import { ApiError, invalidRequest } from '../../errors/api-error.ts';

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

/** Rejects bytes that are not an image we can read, naming the request field. */
export async function assertReadableImage(image: DecodedImage, param: string): Promise<DecodedImage> {
  try {
    const metadata = await sharp(image.data).metadata();
    const format: string | undefined = metadata.format;
    if (!['png', 'jpeg', 'webp', 'gif'].includes(format ?? '')) throw new Error(`unsupported format ${format}`);
    return { data: image.data, mediaType: `image/${format}`, width: metadata.width, height: metadata.height };
  } catch (cause) {
    throw new ApiError(400, 'invalid_request_error', `The image in '${param}' is not a valid PNG, JPEG, WebP or GIF image.`, param, 'invalid_image', { cause });
  }
}

/** The pixel size of image bytes, read from the header; undefined when they cannot be read. */
export async function readImageSize(data: Uint8Array): Promise<{ width: number; height: number } | undefined> {
  try {
    const { width, height } = await sharp(data).metadata();
    return width > 0 && height > 0 ? { width, height } : undefined;
  } catch {
    return undefined;
  }
}
