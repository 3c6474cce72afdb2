import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import type { ImageModelInputImage } from '../spec/image-model.ts';
import { decodeRgba, gradientPng, leftHalfKeptMask, meanColourDifference, onlyImage } from '../../../test/kits/providers/shared/testing/image-test-helpers.ts';
import { createProceduralImageModel } from './procedural-image-model.ts';

const model = createProceduralImageModel();
const edit = (overrides: Parameters<typeof imageCallOptions>[0]) => model.doGenerate(imageCallOptions({ prompt: 'add a purple moon', ...overrides }));
const png = (data: Uint8Array): ImageModelInputImage => ({ data, mediaType: 'image/png' });

describe('procedural edits', () => {
  it('changes the base visibly, keeping its size for size auto', async () => {
    const basePng = await gradientPng(320, 240);
    const result = await edit({ images: [png(basePng)], size: 'auto' });
    const output = await decodeRgba(onlyImage(result).data);
    expect([output.width, output.height]).toEqual([320, 240]);
    expect(result.size).toBe('320x240');
    expect(meanColourDifference(output, await decodeRgba(basePng))).toBeGreaterThan(12);
    expect(onlyImage(result).revisedPrompt).toBe('add a purple moon, painted over the input as a procedural abstract overlay');
  });

  it('still resembles the base: an edit is an overlay, not a new picture', async () => {
    const basePng = await gradientPng(256, 256);
    const output = await decodeRgba(onlyImage(await edit({ images: [png(basePng)], inputFidelity: 'high' })).data);
    const unrelated = await decodeRgba(onlyImage(await edit({ images: [], size: '256x256' })).data);
    const base = await decodeRgba(basePng);
    expect(meanColourDifference(output, base)).toBeLessThan(meanColourDifference(unrelated, base));
  });

  it('resizes the base to an explicit size', async () => {
    const result = await edit({ images: [png(await gradientPng(320, 240))], size: '512x512' });
    const metadata = await sharp(onlyImage(result).data).metadata();
    expect([metadata.width, metadata.height]).toEqual([512, 512]);
    expect(result.size).toBe('512x512');
  });

  it('is deterministic and depends on the prompt', async () => {
    const images = [png(await gradientPng(128, 128))];
    const first = onlyImage(await edit({ images, seed: 4 })).data;
    const again = onlyImage(await edit({ images, seed: 4 })).data;
    const other = onlyImage(await edit({ images, seed: 4, prompt: 'make it green' })).data;
    expect(Buffer.from(first).equals(Buffer.from(again))).toBe(true);
    expect(Buffer.from(first).equals(Buffer.from(other))).toBe(false);
  });

  it('keeps pixels under opaque mask alpha byte for byte and edits the transparent part', async () => {
    const basePng = await gradientPng(256, 200);
    const result = await edit({ images: [png(basePng)], mask: png(await leftHalfKeptMask(256, 200)), quality: 'high' });
    const output = await decodeRgba(onlyImage(result).data);
    const base = await decodeRgba(basePng);
    let changedLeftPixels = 0;
    for (let offset = 0; offset < output.data.length; offset += 4) {
      if ((offset / 4) % 256 >= 128) continue;
      if (output.data.readUInt32BE(offset) !== base.data.readUInt32BE(offset)) changedLeftPixels += 1;
    }
    expect(changedLeftPixels).toBe(0);
    expect(meanColourDifference(output, base, (x) => x >= 128)).toBeGreaterThan(12);
  });

  it('stretches a mask of another size with nearest neighbour', async () => {
    const basePng = await gradientPng(256, 200);
    const result = await edit({ images: [png(basePng)], mask: png(await leftHalfKeptMask(64, 50)) });
    const output = await decodeRgba(onlyImage(result).data);
    const base = await decodeRgba(basePng);
    expect(meanColourDifference(output, base, (x) => x < 128)).toBe(0);
    expect(meanColourDifference(output, base, (x) => x >= 128)).toBeGreaterThan(12);
  });

  it('crops base and mask alike when resizing to another aspect ratio', async () => {
    const basePng = await gradientPng(400, 200);
    const mask = png(await leftHalfKeptMask(400, 200));
    const output = await decodeRgba(onlyImage(await edit({ images: [png(basePng)], mask, size: '200x200' })).data);
    const croppedBase = await decodeRgba(await sharp(basePng).resize(200, 200, { fit: 'cover' }).png().toBuffer());
    // The cover crop keeps the middle 200 columns, so the kept half is the left 100 of those.
    expect(meanColourDifference(output, croppedBase, (x) => x < 100)).toBe(0);
    expect(meanColourDifference(output, croppedBase, (x) => x >= 100)).toBeGreaterThan(12);
  });

  it('keeps the base alpha for a transparent edit', async () => {
    const translucent = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 10, g: 200, b: 90, alpha: 0.5 } } }).png().toBuffer();
    const result = await edit({ images: [png(translucent)], background: 'transparent' });
    expect((await sharp(onlyImage(result).data).metadata()).hasAlpha).toBe(true);
    expect(result.background).toBe('transparent');
  });

  it('takes colours from further input images', async () => {
    const base = png(await gradientPng(128, 128));
    const red = png(await sharp({ create: { width: 32, height: 32, channels: 3, background: '#ff0000' } }).png().toBuffer());
    const without = await edit({ images: [base] });
    const withReference = await edit({ images: [base, red] });
    expect(Buffer.from(onlyImage(without).data).equals(Buffer.from(onlyImage(withReference).data))).toBe(false);
  });

  it.each([
    ['a corrupt first image', async () => ({ images: [png(new Uint8Array([1, 2, 3, 4]))] })],
    ['a corrupt mask', async () => ({ images: [png(await gradientPng(32, 32))], mask: png(new Uint8Array([137, 80, 78, 71, 0])) })],
    ['a corrupt reference image', async () => ({ images: [png(await gradientPng(32, 32)), png(new Uint8Array(16))] })],
    ['a mask without alpha', async () => ({ images: [png(await gradientPng(32, 32))], mask: png(await gradientPng(32, 32)) })],
  ])('refuses %s as invalid_image', async (_label, makeOverrides) => {
    const call = edit(await makeOverrides());
    await expect(call).rejects.toBeInstanceOf(ImageGenerationError);
    await expect(call).rejects.toMatchObject({ code: 'invalid_image', type: 'image_generation_user_error' });
  });
});
