import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readInputSize } from './decode-image.ts';

describe('readInputSize', () => {
  it('measures the input as it is seen, EXIF orientation applied', async () => {
    const input = { data: await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 10, g: 20, b: 30, alpha: 0.5 } } }).png().toBuffer(), mediaType: 'image/png' };
    expect(await readInputSize(input)).toEqual({ width: 300, height: 200 });
    const rotated = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    expect(await readInputSize({ data: rotated, mediaType: 'image/jpeg' })).toEqual({ width: 30, height: 40 });
  });

  it('refuses bytes that are not an image as invalid_image', async () => {
    const error = await readInputSize({ data: new Uint8Array([1, 2, 3]), mediaType: 'image/png' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ImageGenerationError', code: 'invalid_image', message: 'Could not decode image[0]: the bytes are not an image this server can read.' });
  });
});
