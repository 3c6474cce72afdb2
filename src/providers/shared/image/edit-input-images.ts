/**
 * Input image and mask of an edit, made ready for a Stable-Diffusion-style backend (ComfyUI,
 * AUTOMATIC1111): brought to the working size, flattened, and the mask turned from OpenAI's
 * convention into the one both web UIs read.
 */
import { loadSharp } from '../../../media/load-sharp.ts';
import { DECODE_LIMIT } from './decode-limit.ts';
import type { ImageModelInputImage } from '../../spec/image-model.ts';
import { convertAlphaMask } from './apply-mask.ts';
import { decodeOrThrow } from './decode-image.ts';
import type { PixelSize } from './pixel-size.ts';

export interface PreparedEditImages {
  /** The input image as an opaque PNG at the working size. */
  readonly image: Buffer;
  /** White-is-edit grayscale PNG at the working size, when a mask was given. */
  readonly mask: Buffer | undefined;
}

/**
 * Covers the working size with the input (centre crop when the aspect differs) and the mask the
 * same way, so each mask pixel still lies over the pixel it marked.
 */
export async function prepareEditImages(
  image: ImageModelInputImage,
  mask: ImageModelInputImage | undefined,
  sizes: { readonly input: PixelSize; readonly working: PixelSize },
): Promise<PreparedEditImages> {
  const sharp = await loadSharp();
  const { input: inputSize, working } = sizes;
  const prepared = await decodeOrThrow('image[0]', () =>
    sharp(image.data, DECODE_LIMIT)
      .autoOrient()
      .resize(working.width, working.height, { fit: 'cover', kernel: 'lanczos3' })
      // Both web UIs drop alpha from an init image; white is what A1111's default background is too.
      .flatten({ background: '#ffffff' })
      .png({ compressionLevel: 3 })
      .toBuffer(),
  );
  return { image: prepared, mask: mask === undefined ? undefined : await convertAlphaMask(mask, inputSize, working) };
}
