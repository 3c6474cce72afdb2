import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { prepareEditImages } from './edit-input-images.ts';

describe('prepareEditImages', () => {
  it('covers the working size with an opaque png of the input', async () => {
    const input = { data: await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } }).png().toBuffer(), mediaType: 'image/png' };
    const prepared = await prepareEditImages(input, undefined, { input: { width: 300, height: 200 }, working: { width: 128, height: 128 } });
    const metadata = await sharp(prepared.image).metadata();
    expect([metadata.format, metadata.width, metadata.height, metadata.hasAlpha]).toEqual(['png', 128, 128, false]);
    expect(prepared.mask).toBeUndefined();
  });
});
