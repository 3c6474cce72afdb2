import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { imageStandIn } from '../providers/openai-compatible/image-stand-in.ts';
import { readImageDimensions } from './read-image-dimensions.ts';

async function encode(format: 'png' | 'jpeg' | 'gif' | 'webp', width: number, height: number, options: { lossless?: boolean; alpha?: boolean } = {}): Promise<Uint8Array> {
  const image = sharp({ create: { width, height, channels: options.alpha ? 4 : 3, background: { r: 30, g: 120, b: 200, alpha: 0.5 } } });
  if (format === 'webp') return image.webp({ lossless: options.lossless ?? false }).toBuffer();
  return image[format]().toBuffer();
}

describe('readImageDimensions', () => {
  it('reads PNG, JPEG, GIF and every WebP flavour', async () => {
    expect(readImageDimensions(await encode('png', 37, 21))).toEqual({ width: 37, height: 21 });
    expect(readImageDimensions(await encode('jpeg', 640, 480))).toEqual({ width: 640, height: 480 });
    expect(readImageDimensions(await encode('gif', 12, 34))).toEqual({ width: 12, height: 34 });
    expect(readImageDimensions(await encode('webp', 300, 200))).toEqual({ width: 300, height: 200 });
    expect(readImageDimensions(await encode('webp', 301, 199, { lossless: true }))).toEqual({ width: 301, height: 199 });
    // An alpha channel in lossy WebP makes an extended (VP8X) file.
    expect(readImageDimensions(await encode('webp', 64, 48, { alpha: true }))).toEqual({ width: 64, height: 48 });
  });

  it('returns undefined for other bytes and cut-off headers', async () => {
    expect(readImageDimensions(new TextEncoder().encode('not an image at all'))).toBeUndefined();
    expect(readImageDimensions(new Uint8Array())).toBeUndefined();
    const png = await encode('png', 10, 10);
    expect(readImageDimensions(png.subarray(0, 20))).toBeUndefined();
    const jpeg = await encode('jpeg', 10, 10);
    expect(readImageDimensions(jpeg.subarray(0, 30))).toBeUndefined();
  });

  it('reads bytes that are a view into a larger buffer', async () => {
    const png = await encode('png', 5, 7);
    const padded = new Uint8Array(png.length + 16);
    padded.set(png, 16);
    expect(readImageDimensions(padded.subarray(16))).toEqual({ width: 5, height: 7 });
  });
});

describe('imageStandIn', () => {
  it('names the type, size and byte count', async () => {
    const data = await encode('png', 1024, 1024);
    expect(imageStandIn({ type: 'image', mediaType: 'image/png', data })).toBe(`[image: image/png, 1024x1024, ${data.byteLength} bytes omitted]`);
    expect(imageStandIn({ type: 'image', mediaType: 'image/heic', data: new Uint8Array(42) })).toBe('[image: image/heic, 42 bytes omitted]');
  });
});
