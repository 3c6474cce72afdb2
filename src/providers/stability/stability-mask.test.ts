import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { gradientPng } from '../procedural/image-test-helpers.ts';
import { prepareStabilityImage, toStabilityMask } from './stability-mask.ts';

/** A 4x1 OpenAI mask with alpha 0, 64, 255, 0 (colour irrelevant). */
async function alphaStrip(): Promise<Buffer> {
  const pixels = Buffer.from([0, 0, 0, 0, 10, 20, 30, 64, 0, 0, 0, 255, 255, 255, 255, 0]);
  return sharp(pixels, { raw: { width: 4, height: 1, channels: 4 } }).png().toBuffer();
}

describe('toStabilityMask', () => {
  it('turns alpha 0 (edit) into white and alpha 255 (keep) into black, greys in between', async () => {
    const mask = await toStabilityMask({ data: await alphaStrip(), mediaType: 'image/png' }, { width: 4, height: 1 });
    const metadata = await sharp(mask).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.channels]).toEqual(['png', 4, 1, 1]);
    const { data } = await sharp(mask).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([...data]).toEqual([255, 191, 0, 255]);
  });

  it('stretches the mask to the image size with crisp edges', async () => {
    const mask = await toStabilityMask({ data: await alphaStrip(), mediaType: 'image/png' }, { width: 8, height: 2 });
    const { data, info } = await sharp(mask).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([8, 2]);
    expect([...data.subarray(0, 8)]).toEqual([255, 255, 191, 191, 0, 0, 255, 255]);
  });

  it('refuses a mask without alpha as invalid_image', async () => {
    await expect(toStabilityMask({ data: await gradientPng(4, 4), mediaType: 'image/png' }, { width: 4, height: 4 })).rejects.toMatchObject({ code: 'invalid_image' });
  });
});

describe('prepareStabilityImage', () => {
  it('sends png/jpeg/webp as they are and measures them', async () => {
    const png = await gradientPng(40, 30);
    const prepared = await prepareStabilityImage({ data: png, mediaType: 'image/png' });
    expect(prepared.data).toBe(png);
    expect(prepared).toMatchObject({ mediaType: 'image/png', size: { width: 40, height: 30 } });
  });

  it('sends other formats and rotated photos as upright png', async () => {
    const rotated = await sharp(await gradientPng(40, 30)).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const prepared = await prepareStabilityImage({ data: rotated, mediaType: 'image/jpeg' });
    const metadata = await sharp(prepared.data).metadata();
    expect([prepared.mediaType, metadata.format, metadata.width, metadata.height]).toEqual(['image/png', 'png', 30, 40]);
    expect(prepared.size).toEqual({ width: 30, height: 40 });
    const gif = await sharp(await gradientPng(8, 8)).gif().toBuffer();
    expect((await prepareStabilityImage({ data: gif, mediaType: 'image/gif' })).mediaType).toBe('image/png');
  });

  it('refuses bytes that are no image as invalid_image', async () => {
    await expect(prepareStabilityImage({ data: new Uint8Array([1, 2]), mediaType: 'image/png' })).rejects.toMatchObject({ code: 'invalid_image' });
  });
});
