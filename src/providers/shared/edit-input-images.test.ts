import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../../errors/image-generation-error.ts';
import { convertAlphaMask, prepareEditImages, readInputSize } from './edit-input-images.ts';

/** An RGBA mask: `alphaAt(x, y)` per pixel, colour white everywhere (OpenAI reads only alpha). */
async function alphaMask(width: number, height: number, alphaAt: (x: number, y: number) => number) {
  const pixels = Buffer.alloc(width * height * 4, 255);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[(y * width + x) * 4 + 3] = alphaAt(x, y);
  return { data: await sharp(pixels, { raw: { width, height, channels: 4 } }).png().toBuffer(), mediaType: 'image/png' };
}

/** The stored channel count, and the grey values (sharp widens grey to sRGB when decoding, so take one). */
async function grey(png: Buffer) {
  const { channels } = await sharp(png).metadata();
  const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels };
}

describe('convertAlphaMask', () => {
  it('turns transparent (edit) pixels white and opaque (keep) pixels black, partial alpha inverted', async () => {
    const mask = await alphaMask(8, 8, (x) => (x < 4 ? 0 : x === 4 ? 64 : 255));
    const converted = await grey(await convertAlphaMask(mask, { width: 8, height: 8 }, { width: 8, height: 8 }));
    expect(converted.channels).toBe(1);
    const row = Array.from(converted.data.subarray(0, 8));
    expect(row).toEqual([255, 255, 255, 255, 191, 0, 0, 0]);
  });

  it('stretches the mask to the input size, then crops it the way the input is cropped', async () => {
    // 4x2 mask over an 8x4 input, edit region = the left half; working size square → centre crop.
    const mask = await alphaMask(4, 2, (x) => (x < 2 ? 0 : 255));
    const converted = await grey(await convertAlphaMask(mask, { width: 8, height: 4 }, { width: 4, height: 4 }));
    expect([converted.width, converted.height]).toEqual([4, 4]);
    // The centre 4 columns of the 8-wide input are columns 2..5: 2 edit, 2 keep.
    expect(Array.from(converted.data.subarray(0, 4))).toEqual([255, 255, 0, 0]);
  });

  it('refuses a mask without an alpha channel as invalid_image', async () => {
    const opaque = { data: await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000000' } }).png().toBuffer(), mediaType: 'image/png' };
    const error = await convertAlphaMask(opaque, { width: 4, height: 4 }, { width: 4, height: 4 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ImageGenerationError);
    expect(error).toMatchObject({ code: 'invalid_image', message: expect.stringContaining('no alpha channel') });
  });
});

describe('prepareEditImages', () => {
  it('covers the working size with an opaque png of the input', async () => {
    const input = { data: await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } }).png().toBuffer(), mediaType: 'image/png' };
    expect(await readInputSize(input)).toEqual({ width: 300, height: 200 });
    const prepared = await prepareEditImages(input, undefined, { input: { width: 300, height: 200 }, working: { width: 128, height: 128 } });
    const metadata = await sharp(prepared.image).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.hasAlpha]).toEqual(['png', 128, 128, false]);
    expect(prepared.mask).toBeUndefined();
  });

  it('refuses bytes that are not an image as invalid_image', async () => {
    const error = await readInputSize({ data: new Uint8Array([1, 2, 3]), mediaType: 'image/png' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ImageGenerationError', code: 'invalid_image', message: 'Could not decode image[0]: the bytes are not an image this server can read.' });
  });
});
