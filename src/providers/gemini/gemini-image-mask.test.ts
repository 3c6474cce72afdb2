import { describe, expect, it } from 'vitest';
import { decodeRgba, gradientPng, leftHalfKeptMask, meanColourDifference } from '../../../test/kits/providers/shared/testing/image-test-helpers.ts';
import { encodeFakeImage } from '../../../test/kits/providers/gemini/gemini-image-fake-server.ts';
import { composeMaskedEdit, prepareMaskedEdit } from './gemini-image-mask.ts';

const provider = 'gemini.image';

describe('masked edits', () => {
  it('change only the transparent region of the mask, pixel for pixel', async () => {
    const base = { data: await gradientPng(96, 64), mediaType: 'image/png' };
    const mask = { data: await leftHalfKeptMask(96, 64), mediaType: 'image/png' };
    const prepared = await prepareMaskedEdit(base, mask);
    // The model answers at its own size (3:2 here) with a picture unlike the base.
    const edited = await encodeFakeImage(1248, 832, 'png', 3);
    const delivered = await composeMaskedEdit(provider, prepared, edited, { size: undefined, outputFormat: 'png', encoderQuality: 100 });

    const [before, after] = [await decodeRgba(base.data), await decodeRgba(delivered.data)];
    expect([after.width, after.height]).toEqual([96, 64]);
    expect(meanColourDifference(before, after, (x) => x < 48)).toBe(0);
    const editedFlat = await decodeRgba(await encodeFakeImage(96, 64, 'png', 3));
    expect(meanColourDifference(editedFlat, after, (x) => x >= 48)).toBeLessThan(1);
    expect(meanColourDifference(before, after, (x) => x >= 48)).toBeGreaterThan(10);
    expect(delivered.resizedFrom).toEqual({ width: 1248, height: 832 });
  });

  it('refuse a mask without alpha before anything is sent', async () => {
    const base = { data: await gradientPng(32, 32), mediaType: 'image/png' };
    const opaque = { data: await encodeFakeImage(32, 32, 'png', 1), mediaType: 'image/png' };
    await expect(prepareMaskedEdit(base, opaque)).rejects.toMatchObject({ code: 'invalid_image', type: 'image_generation_user_error' });
  });
});
