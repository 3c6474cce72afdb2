import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../../spec/image-generation-error.ts';
import { convertAlphaMask, fitMask, mergeByMask } from './apply-mask.ts';
import type { RawImage } from './raw-image.ts';

const pixelImage = (bytes: number[], width: number): RawImage => ({ data: Buffer.from(bytes), width, height: bytes.length / 4 / width });

describe('mergeByMask', () => {
  it('copies kept pixels exactly, takes edited ones and blends partial alpha', () => {
    const base = pixelImage([10, 20, 30, 40, 10, 20, 30, 255, 0, 0, 0, 255], 3);
    const edited = pixelImage([200, 200, 200, 255, 200, 200, 200, 255, 255, 255, 255, 255], 3);
    const mask = pixelImage([0, 0, 0, 255, 9, 9, 9, 0, 0, 0, 0, 128], 3);
    expect([...mergeByMask(base, edited, mask).data]).toEqual([10, 20, 30, 40, 200, 200, 200, 255, 127, 127, 127, 255]);
  });
});

describe('fitMask', () => {
  it('scales to the base size with nearest neighbour, so kept pixels stay at 255', async () => {
    const small = { data: Buffer.from([0, 0, 0, 255, 0, 0, 0, 0]), width: 2, height: 1, hadAlpha: true };
    const fitted = await fitMask(small, { width: 8, height: 2 }, { width: 8, height: 2 });
    const alphas = [...fitted.data].filter((_, index) => index % 4 === 3);
    expect(alphas).toEqual([255, 255, 255, 255, 0, 0, 0, 0, 255, 255, 255, 255, 0, 0, 0, 0]);
  });

  it('refuses a mask without alpha', async () => {
    const { data, info } = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#000' } }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const mask = { data, width: info.width, height: info.height, hadAlpha: false };
    await expect(fitMask(mask, { width: 2, height: 2 }, { width: 2, height: 2 })).rejects.toMatchObject({ code: 'invalid_image' });
  });
});

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

/** A 4x1 OpenAI mask with alpha 0, 64, 255, 0 (colour irrelevant). */
async function alphaStrip(): Promise<Buffer> {
  const pixels = Buffer.from([0, 0, 0, 0, 10, 20, 30, 64, 0, 0, 0, 255, 255, 255, 255, 0]);
  return sharp(pixels, { raw: { width: 4, height: 1, channels: 4 } }).png().toBuffer();
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

  it('turns alpha 0 (edit) into white and alpha 255 (keep) into black, greys in between', async () => {
    const mask = await convertAlphaMask({ data: await alphaStrip(), mediaType: 'image/png' }, { width: 4, height: 1 }, { width: 4, height: 1 });
    const metadata = await sharp(mask).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.channels]).toEqual(['png', 4, 1, 1]);
    const { data } = await sharp(mask).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([...data]).toEqual([255, 191, 0, 255]);
  });

  it('stretches the mask to the image size with crisp edges', async () => {
    const mask = await convertAlphaMask({ data: await alphaStrip(), mediaType: 'image/png' }, { width: 8, height: 2 }, { width: 8, height: 2 });
    const { data, info } = await sharp(mask).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([8, 2]);
    expect([...data.subarray(0, 8)]).toEqual([255, 255, 191, 191, 0, 0, 255, 255]);
  });
});
