import { loadSharp } from '../../../media/load-sharp.ts';
import { ImageGenerationError } from '../../spec/image-generation-error.ts';
import { DECODE_LIMIT } from './decode-limit.ts';
import type { ImageModelInputImage } from '../../spec/image-model.ts';
import { invalidImage } from './image-errors.ts';
import type { PixelSize } from './pixel-size.ts';
import type { RawImage } from './raw-image.ts';

export interface DecodedImage extends RawImage {
  /** Whether the input itself had an alpha channel (the RGBA pixels always do). */
  readonly hadAlpha: boolean;
}

/**
 * Decodes an input to sRGB RGBA, honouring EXIF orientation. `label` names the input in the
 * error, e.g. `image[0]`. The media type is not trusted: sharp reads the bytes themselves.
 */
export async function decodeToRgba(input: ImageModelInputImage, label: string): Promise<DecodedImage> {
  const sharp = await loadSharp();
  const [metadata, { data, info }] = await decodeOrThrow(label, () =>
    Promise.all([
      sharp(input.data).metadata(),
      sharp(input.data, DECODE_LIMIT).autoOrient().toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true }),
    ]),
  );
  return { data, width: info.width, height: info.height, hadAlpha: metadata.hasAlpha };
}

/** The input's size as it is seen (EXIF orientation applied). */
export async function readInputSize(image: ImageModelInputImage, label = 'image[0]'): Promise<PixelSize> {
  const sharp = await loadSharp();
  const { autoOrient } = await decodeOrThrow(label, () => sharp(image.data).metadata());
  return { width: autoOrient.width, height: autoOrient.height };
}

/**
 * Runs `decode` on an input; a failure to decode is `invalid_image` naming `label`, e.g.
 * `image[0]` or `mask`. An ImageGenerationError thrown inside passes unchanged.
 */
export async function decodeOrThrow<T>(label: string, decode: () => Promise<T>): Promise<T> {
  try {
    return await decode();
  } catch (error) {
    if (error instanceof ImageGenerationError) throw error;
    throw invalidImage(`Could not decode ${label}: the bytes are not an image this server can read.`, error);
  }
}
