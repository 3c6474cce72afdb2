import sharp from 'sharp';
import { ImageGenerationError } from '../../errors/image-generation-error.ts';
import type { ImageModelInputImage } from '../spec/image-model.ts';
import { rgbToHex } from './palette.ts';
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
  const [metadata, { data, info }] = await decodeOrThrow(label, () =>
    Promise.all([
      sharp(input.data).metadata(),
      sharp(input.data).autoOrient().toColourspace('srgb').ensureAlpha().raw().toBuffer({ resolveWithObject: true }),
    ]),
  );
  return { data, width: info.width, height: info.height, hadAlpha: metadata.hasAlpha };
}

export interface ReferenceImage {
  /** The most common colour, as `#rrggbb`. */
  readonly dominantColour: string;
  readonly width: number;
  readonly height: number;
}

/** What an edit uses from the images after the first: their dominant colour (and size, for usage). */
export async function describeReference(input: ImageModelInputImage, label: string): Promise<ReferenceImage> {
  const [metadata, { dominant }] = await decodeOrThrow(label, () =>
    Promise.all([sharp(input.data).metadata(), sharp(input.data).stats()]),
  );
  return { dominantColour: rgbToHex(dominant.r, dominant.g, dominant.b), width: metadata.width, height: metadata.height };
}

export function invalidImage(message: string, cause?: unknown): ImageGenerationError {
  return new ImageGenerationError(message, 'invalid_image', 'image_generation_user_error', { cause });
}

async function decodeOrThrow<T>(label: string, decode: () => Promise<T>): Promise<T> {
  try {
    return await decode();
  } catch (error) {
    throw invalidImage(`Could not decode ${label}: the bytes are not an image this server can read.`, error);
  }
}
