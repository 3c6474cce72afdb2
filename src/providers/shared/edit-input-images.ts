/**
 * Input image and mask of an edit, made ready for a Stable-Diffusion-style backend: brought to
 * the working size, flattened, and the mask turned from OpenAI's convention into the one both
 * web UIs read. Shared by the ComfyUI and AUTOMATIC1111 adapters (a `providers/shared/` candidate).
 */
import sharp from 'sharp';
import { ImageGenerationError } from '../../errors/image-generation-error.ts';
import type { ImageModelInputImage } from '../spec/image-model.ts';
import type { ImageSize } from './self-hosted-image-settings.ts';

export interface PreparedEditImages {
  /** The input image as an opaque PNG at the working size. */
  readonly image: Buffer;
  /** White-is-edit grayscale PNG at the working size, when a mask was given. */
  readonly mask: Buffer | undefined;
}

/** The input's size as it is seen (EXIF orientation applied). */
export async function readInputSize(image: ImageModelInputImage, label = 'image[0]'): Promise<ImageSize> {
  const metadata = await decodeOrThrow(label, () => sharp(image.data).metadata());
  const { width, height } = metadata;
  // Orientations 5..8 swap the sides.
  const swapped = (metadata.orientation ?? 1) >= 5;
  return swapped ? { width: height, height: width } : { width, height };
}

/**
 * Covers the working size with the input (centre crop when the aspect differs) and the mask the
 * same way, so each mask pixel still lies over the pixel it marked.
 */
export async function prepareEditImages(
  image: ImageModelInputImage,
  mask: ImageModelInputImage | undefined,
  sizes: { readonly input: ImageSize; readonly working: ImageSize },
): Promise<PreparedEditImages> {
  const { input: inputSize, working } = sizes;
  const prepared = await decodeOrThrow('image[0]', () =>
    sharp(image.data)
      .autoOrient()
      .resize(working.width, working.height, { fit: 'cover', kernel: 'lanczos3' })
      // Both web UIs drop alpha from an init image; white is what A1111's default background is too.
      .flatten({ background: '#ffffff' })
      .png({ compressionLevel: 3 })
      .toBuffer(),
  );
  return { image: prepared, mask: mask === undefined ? undefined : await convertAlphaMask(mask, inputSize, working) };
}

/**
 * OpenAI marks the region to edit with fully transparent pixels (alpha 0). ComfyUI's
 * LoadImageMask (channel `red`) and AUTOMATIC1111's `mask` (with `inpainting_mask_invert: 0`)
 * both read an opaque grayscale picture where white means "repaint". Each output pixel is
 * `255 - alpha`, so partly transparent pixels become partly repainted ones.
 *
 * A1111 quirk (modules/processing.py `create_binary_mask`): an RGBA mask is read from its alpha
 * channel with the opposite polarity, so sending the OpenAI mask as-is would invert the edit.
 */
export async function convertAlphaMask(mask: ImageModelInputImage, inputSize: ImageSize, working: ImageSize): Promise<Buffer> {
  const metadata = await decodeOrThrow('mask', () => sharp(mask.data).metadata());
  if (!metadata.hasAlpha) {
    throw invalidImage('The mask has no alpha channel: fully transparent pixels mark the region to edit.');
  }
  // First to the input's own size (OpenAI requires equal sizes; we stretch instead of refusing),
  // then the same cover crop as the input. Nearest-neighbour keeps the edges crisp.
  const alpha = await decodeOrThrow('mask', async () => {
    const atInputSize = await sharp(mask.data)
      .autoOrient()
      .ensureAlpha()
      .extractChannel(3)
      .resize(inputSize.width, inputSize.height, { fit: 'fill', kernel: 'nearest' })
      .toColourspace('b-w')
      .raw()
      .toBuffer();
    return sharp(atInputSize, { raw: { width: inputSize.width, height: inputSize.height, channels: 1 } })
      .resize(working.width, working.height, { fit: 'cover', kernel: 'nearest' })
      // One channel in, one out: without this sharp widens the result to sRGB.
      .toColourspace('b-w')
      .raw()
      .toBuffer();
  });
  const whiteIsEdit = Buffer.allocUnsafe(alpha.length);
  for (let index = 0; index < alpha.length; index++) whiteIsEdit[index] = 255 - (alpha[index] as number);
  return sharp(whiteIsEdit, { raw: { width: working.width, height: working.height, channels: 1 } }).toColourspace('b-w').png({ compressionLevel: 3 }).toBuffer();
}

function invalidImage(message: string, cause?: unknown): ImageGenerationError {
  return new ImageGenerationError(message, 'invalid_image', 'image_generation_user_error', { cause });
}

async function decodeOrThrow<T>(label: string, decode: () => Promise<T>): Promise<T> {
  try {
    return await decode();
  } catch (error) {
    if (error instanceof ImageGenerationError) throw error;
    throw invalidImage(`Could not decode ${label}: the bytes are not an image this server can read.`, error);
  }
}
