import type { Sharp } from 'sharp';
import { loadSharp } from '../../media/load-sharp.ts';
import { rawInput, type RawImage } from '../shared/image/raw-image.ts';

/**
 * A finished picture that can be read at full or reduced resolution, so partial images can be
 * made without keeping a full-size copy when the source is an SVG.
 */
export interface RenderedImage {
  readonly width: number;
  readonly height: number;
  /** A fresh pipeline yielding the final RGBA pixels. */
  full(): Promise<Sharp>;
  /** The picture at about 1/divisor of its size (at least 1x1). */
  reduced(divisor: number): Promise<RawImage>;
}

/** A vector source: reduced versions are rasterised small, which is cheaper than shrinking. */
export function renderedFromSvg(svg: string, width: number, height: number): RenderedImage {
  const input = Buffer.from(svg);
  return {
    width,
    height,
    full: async () => (await loadSharp())(input),
    // SVG is rasterised at density/72 of its nominal size. This must be its own pipeline: with a
    // resize in the same pipeline sharp picks the density itself and renders at full detail.
    reduced: async (divisor) => {
      const sharp = await loadSharp();
      const { data, info } = await sharp(input, { density: 72 / divisor }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      return { data, width: info.width, height: info.height };
    },
  };
}

export function renderedFromRaw(image: RawImage): RenderedImage {
  return {
    width: image.width,
    height: image.height,
    full: async () => (await loadSharp())(image.data, rawInput(image)),
    reduced: async (divisor) => {
      const sharp = await loadSharp();
      const width = Math.max(1, Math.round(image.width / divisor));
      const height = Math.max(1, Math.round(image.height / divisor));
      const data = await sharp(image.data, rawInput(image)).resize(width, height, { fit: 'fill' }).raw().toBuffer();
      return { data, width, height };
    },
  };
}
