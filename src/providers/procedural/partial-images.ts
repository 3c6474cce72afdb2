import { loadSharp } from '../../media/load-sharp.ts';
import type { ImageModelPartialImage } from '../spec/image-model.ts';
import { encodePipeline, type EncodeSettings } from '../shared/image/encode-image.ts';
import { rawInput } from '../shared/image/raw-image.ts';
import type { RenderedImage } from './rendered-image.ts';

/**
 * How coarse partial `index` of `count` is: 1/divisor of full resolution, from about 1/64 toward
 * full as the index grows, so each partial is closer to the final picture, like a diffusion preview.
 */
export function partialDivisor(index: number, count: number, shortestSide: number): number {
  const progress = (index + 1) / (count + 1);
  const divisor = 2 ** (6 * (1 - progress));
  // Never reduce below one pixel; the SVG rasteriser also needs density >= 1 (72 / divisor).
  return Math.max(1, Math.min(divisor, shortestSide, 72));
}

/** Encodes partial `index` of `count`: same size and format as the final image. */
export async function encodePartialImage(
  image: RenderedImage,
  index: number,
  count: number,
  settings: EncodeSettings,
): Promise<ImageModelPartialImage> {
  const sharp = await loadSharp();
  const divisor = partialDivisor(index, count, Math.min(image.width, image.height));
  const reduced = await image.reduced(divisor);
  // Cubic upscaling gives the soft, out-of-focus look of an early preview rather than blocks.
  const upscaled = sharp(reduced.data, rawInput(reduced)).resize(image.width, image.height, { fit: 'fill', kernel: 'cubic' });
  const data = await encodePipeline(upscaled, settings);
  return { index, data };
}
