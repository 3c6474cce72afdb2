import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeRgba, gradientPng, leftHalfKeptMask, meanColourDifference } from '../procedural/image-test-helpers.ts';
import { encodeFakeImage } from './gemini-image-fake-server.ts';
import { composeMaskedEdit, prepareMaskedEdit } from './gemini-image-mask.ts';
import { deliverImage } from './gemini-image-output.ts';

const provider = 'gemini.image';

describe('deliverImage', () => {
  it('passes bytes through when size and format already fit', async () => {
    const png = await encodeFakeImage(64, 48, 'png', 1);
    const delivered = await deliverImage(provider, { data: png }, { size: { width: 64, height: 48 }, outputFormat: 'png', encoderQuality: 100 });
    expect(delivered.data).toBe(png);
    expect(delivered).toMatchObject({ mediaType: 'image/png', size: { width: 64, height: 48 }, resizedFrom: undefined });
  });

  it('keeps the model’s size without a size, and re-encodes to the format asked for', async () => {
    const delivered = await deliverImage(provider, { data: await encodeFakeImage(64, 48, 'png', 1) }, { size: undefined, outputFormat: 'webp', encoderQuality: 80 });
    const metadata = await sharp(delivered.data).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['webp', 64, 48]);
    expect(delivered).toMatchObject({ mediaType: 'image/webp', resizedFrom: undefined });
  });

  it('resizes to the exact size by scaling and cropping the centre, and says from what', async () => {
    const delivered = await deliverImage(provider, { data: await encodeFakeImage(832, 1248, 'png', 1) }, { size: { width: 1024, height: 1536 }, outputFormat: 'jpeg', encoderQuality: 90 });
    const metadata = await sharp(delivered.data).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 1024, 1536]);
    expect(delivered.resizedFrom).toEqual({ width: 832, height: 1248 });
  });

  it('re-encodes a jpeg when a compression was asked for', async () => {
    const jpeg = await encodeFakeImage(64, 64, 'jpeg', 1);
    const delivered = await deliverImage(provider, { data: jpeg }, { size: undefined, outputFormat: 'jpeg', encoderQuality: 20 });
    expect(delivered.data).not.toBe(jpeg);
  });

  it('undecodable bytes are an invalid_response', async () => {
    await expect(deliverImage(provider, { data: new Uint8Array([1, 2]) }, { size: undefined, outputFormat: 'png', encoderQuality: 100 })).rejects.toMatchObject({ kind: 'invalid_response' });
  });
});

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
