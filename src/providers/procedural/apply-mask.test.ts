import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { fitMask, mergeByMask } from './apply-mask.ts';
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
