/** Pixel-level helpers for the image adapters' tests (imported by `*.test.ts` only). */
import sharp from 'sharp';
import type { GeneratedImage, ImageModelResult } from '../../../../../src/providers/spec/image-model.ts';
import type { RawImage } from '../../../../../src/providers/shared/image/raw-image.ts';

/** Decodes any encoded image to RGBA. */
export async function decodeRgba(data: Uint8Array): Promise<RawImage> {
  const { data: pixels, info } = await sharp(data).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: pixels, width: info.width, height: info.height };
}

/** Mean absolute difference per colour channel (alpha ignored), 0..255, over pixels where `include` holds. */
export function meanColourDifference(a: RawImage, b: RawImage, include: (x: number, y: number) => boolean = () => true): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`size mismatch ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  let sum = 0;
  let count = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      if (!include(x, y)) continue;
      const offset = (y * a.width + x) * 4;
      for (let channel = 0; channel < 3; channel++) {
        sum += Math.abs((a.data[offset + channel] as number) - (b.data[offset + channel] as number));
      }
      count += 3;
    }
  }
  return count === 0 ? 0 : sum / count;
}

/** A smooth test photo stand-in: a diagonal gradient with a circle, as png. */
export function gradientPng(width: number, height: number): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="#2a6f97"/><stop offset="1" stop-color="#f4d35e"/></linearGradient></defs>` +
    `<rect width="100%" height="100%" fill="url(#g)"/><circle cx="50%" cy="50%" r="25%" fill="#ee964b"/></svg>`;
  return sharp(Buffer.from(svg)).removeAlpha().png().toBuffer();
}

/** A mask whose left half is kept (alpha 255) and right half is editable (alpha 0). */
export function leftHalfKeptMask(width: number, height: number): Promise<Buffer> {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" shape-rendering="crispEdges">` +
    `<rect width="${Math.floor(width / 2)}" height="${height}" fill="#000"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

export function onlyImage(result: ImageModelResult): GeneratedImage {
  const [image] = result.images;
  if (image === undefined || result.images.length !== 1) throw new Error(`expected one image, got ${result.images.length}`);
  return image;
}
