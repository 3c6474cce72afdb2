import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { gradientPng } from '../../../test/kits/providers/shared/testing/image-test-helpers.ts';
import { prepareStabilityImage } from './stability-input-image.ts';

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
