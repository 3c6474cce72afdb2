import { loadSharp } from '../../../media/load-sharp.ts';

/** Decoded pixels: 8-bit RGBA, row-major, no padding. */
export interface RawImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
}

/** The `raw` input description sharp needs to read a {@link RawImage}. */
export function rawInput(image: RawImage): { raw: { width: number; height: number; channels: 4 } } {
  return { raw: { width: image.width, height: image.height, channels: 4 } };
}

export interface ResizeOptions {
  /** `cover` keeps the aspect ratio and crops the centre; `fill` stretches. */
  readonly fit: 'cover' | 'fill';
  /** `nearest` keeps mask values crisp; `lanczos3` for pictures. */
  readonly kernel: 'nearest' | 'lanczos3';
}

/** Returns `image` itself when it already has the size. */
export async function resizeRaw(image: RawImage, width: number, height: number, options: ResizeOptions): Promise<RawImage> {
  const sharp = await loadSharp();
  if (image.width === width && image.height === height) return image;
  const data = await sharp(image.data, rawInput(image)).resize(width, height, options).raw().toBuffer();
  return { data, width, height };
}
