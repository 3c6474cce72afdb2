import { loadSharp } from '../../media/load-sharp.ts';
import { ApiError, invalidRequest } from '../../errors/api-error.ts';
import type { ImageModelInputImage } from '../../providers/spec/image-model.ts';
import { type ImageHeader, readImageHeader } from '../../responses/conversation/image-header.ts';

/** Input images one edit may take (spec: "You can provide up to 16 images"). */
export const MAX_EDIT_IMAGES = 16;

/** Formats the GPT image models take for edits (spec: png, webp or jpg). */
const EDIT_FORMATS = new Set(['png', 'jpeg', 'webp']);

export interface CheckedImage extends ImageModelInputImage {
  readonly widthPixels: number;
  readonly heightPixels: number;
  readonly hasAlpha: boolean;
}

/**
 * Decodes an uploaded image in full, so a truncated or corrupt file is refused here, naming
 * its field, rather than failing inside a backend after money was reserved. Its header is read
 * first: non-raster bytes (SVG) and images over `maxPixels` are refused before any decode.
 */
export async function checkInputImage(data: Uint8Array, param: string, maxPixels: number): Promise<CheckedImage> {
  const sharp = await loadSharp();
  if (data.byteLength === 0) throw invalidRequest(`The file in '${param}' is empty.`, param, 'empty_image_file');
  const notAnImage = (cause?: unknown) =>
    new ApiError(400, 'invalid_request_error', `The file in '${param}' is not a valid PNG, JPEG or WebP image.`, param, 'invalid_image', { cause });
  let header: ImageHeader | undefined;
  try {
    header = await readImageHeader(data, param, maxPixels);
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw notAnImage(cause);
  }
  if (header === undefined) throw notAnImage();
  if (!EDIT_FORMATS.has(header.format)) {
    throw invalidRequest(`The image in '${param}' is ${header.format}; edits take PNG, JPEG or WebP images.`, param, 'invalid_image_format');
  }
  let size: { width: number; height: number };
  try {
    // Metadata reads only the header: decoding every pixel is what finds a truncated file.
    const { info } = await sharp(data, { failOn: 'error', limitInputPixels: maxPixels }).raw().toBuffer({ resolveWithObject: true });
    size = { width: info.width, height: info.height };
  } catch (cause) {
    throw notAnImage(cause);
  }
  return { data, mediaType: `image/${header.format}`, widthPixels: size.width, heightPixels: size.height, hasAlpha: header.hasAlpha };
}

/** A mask marks the region to edit with alpha 0, so it needs an alpha channel and the first image's size. */
export function checkMask(mask: CheckedImage, images: ReadonlyArray<CheckedImage>, param: string): ImageModelInputImage {
  const first = images[0];
  if (first === undefined) throw invalidRequest(`A mask needs an image to apply to.`, param, 'invalid_value');
  if (!mask.hasAlpha) {
    throw invalidRequest(`The mask in '${param}' has no alpha channel; fully transparent pixels (alpha 0) mark where the image is edited.`, param, 'invalid_image');
  }
  if (mask.widthPixels !== first.widthPixels || mask.heightPixels !== first.heightPixels) {
    throw invalidRequest(
      `The mask in '${param}' is ${mask.widthPixels}x${mask.heightPixels}, but the image it applies to is ${first.widthPixels}x${first.heightPixels}; they must be the same size.`,
      param,
      'invalid_image',
    );
  }
  return toInputImage(mask);
}

/** The spec's input image shape, without the facts only checks need. */
export function toInputImage(image: CheckedImage): ImageModelInputImage {
  return { data: image.data, mediaType: image.mediaType };
}
