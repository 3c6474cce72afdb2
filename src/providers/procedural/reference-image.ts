import { loadSharp } from '../../media/load-sharp.ts';
import { DECODE_LIMIT } from '../shared/image/decode-limit.ts';
import { decodeOrThrow } from '../shared/image/decode-image.ts';
import type { ImageModelInputImage } from '../spec/image-model.ts';
import { rgbToHex } from './palette.ts';

export interface ReferenceImage {
  /** The most common colour, as `#rrggbb`. */
  readonly dominantColour: string;
  readonly width: number;
  readonly height: number;
}

/** What an edit uses from the images after the first: their dominant colour (and size, for usage). */
export async function describeReference(input: ImageModelInputImage, label: string): Promise<ReferenceImage> {
  const sharp = await loadSharp();
  const [metadata, { dominant }] = await decodeOrThrow(label, () =>
    Promise.all([sharp(input.data).metadata(), sharp(input.data, DECODE_LIMIT).stats()]),
  );
  return { dominantColour: rgbToHex(dominant.r, dominant.g, dominant.b), width: metadata.width, height: metadata.height };
}
