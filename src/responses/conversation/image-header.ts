import { loadSharp } from '../../media/load-sharp.ts';
import { invalidRequest } from '../../errors/api-error.ts';
import { sniffImageMediaType } from '../../media/sniff-image-media-type.ts';

/** Default of `limits.maxInputImagePixels`: 40 megapixels, e.g. 8000x5000. */
export const DEFAULT_MAX_INPUT_IMAGE_PIXELS = 40_000_000;

/** What an image's header says; no pixel has been decoded to learn it. */
export interface ImageHeader {
  readonly format: string;
  readonly width: number;
  readonly height: number;
  readonly hasAlpha: boolean;
}

/**
 * Reads format and size from the header only. Bytes that are not PNG, JPEG, WebP or GIF by
 * their magic numbers (SVG among them) never reach sharp, so nothing is rasterised to refuse
 * them: the result is `undefined`. An image of more than `maxPixels` pixels is a 400 naming
 * `param` (`image_too_large`): a 43 KB PNG can declare 16383x16383, which decodes to 1 GB.
 */
export async function readImageHeader(data: Uint8Array, param: string, maxPixels: number): Promise<ImageHeader | undefined> {
  const sharp = await loadSharp();
  if (sniffImageMediaType(data) === undefined) return undefined;
  // sharp's metadata() parses the header and never decodes the pixel data.
  // (Decoders read the first frame only, so an animated GIF is judged by one frame's size.)
  const metadata = await sharp(data).metadata();
  const { format, width, height } = metadata;
  if (!(width > 0 && height > 0)) return undefined;
  if (width * height > maxPixels) throw tooLarge(width, height, param, maxPixels);
  return { format, width, height, hasAlpha: metadata.hasAlpha };
}

function tooLarge(width: number, height: number, param: string, maxPixels: number) {
  return invalidRequest(
    `The image in '${param}' is ${width}x${height} (${(width * height).toLocaleString('en-US')} pixels); images may have at most ${maxPixels.toLocaleString('en-US')} pixels.`,
    param,
    'image_too_large',
  );
}
