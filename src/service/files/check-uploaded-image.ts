import { ApiError, invalidRequest } from '../../errors/api-error.ts';
import { loadSharp } from '../../media/load-sharp.ts';
import { type ImageHeader, readImageHeader } from '../../responses/conversation/image-header.ts';

/** What a vision input takes; edits narrow it further (no GIF) when the file is used. */
const UPLOAD_FORMATS = new Set(['png', 'jpeg', 'webp', 'gif']);

/**
 * Refuses anything but a whole PNG, JPEG, WebP or GIF image of at most `maxPixels` pixels:
 * the magic numbers are sniffed first (SVG and other text never reach a decoder), the header's
 * size is checked before any pixel is decoded, then every pixel is decoded once, so a file that
 * is stored can later be used without failing after money was reserved.
 */
export async function checkUploadedImage(data: Uint8Array, param: string, maxPixels: number): Promise<{ mediaType: string }> {
  if (data.byteLength === 0) throw invalidRequest(`The file in '${param}' is empty.`, param, 'empty_file');
  const notAnImage = (cause?: unknown) =>
    new ApiError(
      400,
      'invalid_request_error',
      `The file in '${param}' is not a PNG, JPEG, WebP or GIF image; imagegate stores images only (SVG is refused).`,
      param,
      'invalid_image_format',
      { cause },
    );
  let header: ImageHeader | undefined;
  try {
    header = await readImageHeader(data, param, maxPixels);
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw notAnImage(cause);
  }
  if (header === undefined || !UPLOAD_FORMATS.has(header.format)) throw notAnImage();
  const sharp = await loadSharp();
  try {
    await sharp(data, { failOn: 'error', limitInputPixels: maxPixels }).raw().toBuffer();
  } catch (cause) {
    throw new ApiError(400, 'invalid_request_error', `The image in '${param}' is corrupt or truncated.`, param, 'invalid_image', { cause });
  }
  return { mediaType: `image/${header.format}` };
}
