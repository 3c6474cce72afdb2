import { describe, expect, it } from 'vitest';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { stabilityModel } from './stability-image-models.ts';
import { resolveStabilitySettings, seedForImage, strengthFor } from './stability-image-settings.ts';

const image = { data: new Uint8Array([1]), mediaType: 'image/png' };
const ultra = stabilityModel('stable-image-ultra');
const resolve = (modelId: string, overrides: Parameters<typeof imageCallOptions>[0]) => resolveStabilitySettings(modelId, stabilityModel(modelId), imageCallOptions(overrides));

describe('resolveStabilitySettings', () => {
  it('decides the operation from images and mask', () => {
    expect(resolve('stable-image-ultra', {}).operation).toBe('generate');
    expect(resolve('stable-image-ultra', { images: [image] }).operation).toBe('image-to-image');
    expect(resolve('stable-image-core', { images: [image], mask: image }).operation).toBe('inpaint');
  });

  it('refuses an unmasked edit on Core, which takes no input image', () => {
    expect(() => resolve('stable-image-core', { images: [image] })).toThrow(expect.objectContaining({ code: 'invalid_request', message: expect.stringContaining('without a mask') }));
  });

  it('refuses values no request could succeed with', () => {
    for (const overrides of [{ n: 0 }, { n: 11 }, { partialImages: 4 }, { outputCompression: 101 }]) {
      expect(() => resolveStabilitySettings('stable-image-ultra', ultra, imageCallOptions(overrides))).toThrow(expect.objectContaining({ code: 'invalid_request' }));
    }
  });

  it('warns about every setting Stability lacks', () => {
    const settings = resolve('stable-image-core', {
      images: [image, image],
      mask: image,
      partialImages: 1,
      background: 'transparent',
      quality: 'high',
      moderation: 'low',
      inputFidelity: 'high',
      seed: -1,
      outputCompression: 80,
    });
    expect(settings.warnings.map((warning) => warning.setting)).toEqual(['outputCompression', 'partialImages', 'background', 'quality', 'moderation', 'images', 'inputFidelity', 'seed']);
    expect(resolve('stable-image-ultra', { quality: 'high', seed: 4_294_967_294 }).warnings).toEqual([]);
  });

  it('keeps the size and format for the delivery', () => {
    expect(resolve('sd3.5-large', { size: '1024x1536', outputFormat: 'webp', outputCompression: 0 })).toMatchObject({ size: { width: 1024, height: 1536 }, outputFormat: 'webp', encoderQuality: 1 });
  });
});

describe('seedForImage and strengthFor', () => {
  it('gives image i the seed + i, wrapping within 0..4294967294, and drops seeds out of range', () => {
    expect([seedForImage(7, 0), seedForImage(7, 1)]).toEqual([7, 8]);
    expect(seedForImage(4_294_967_294, 1)).toBe(0);
    expect(seedForImage(4_294_967_295, 0)).toBeUndefined();
    expect(seedForImage(undefined, 0)).toBeUndefined();
  });

  it('keeps more of the input for high fidelity', () => {
    expect(strengthFor('high')).toBeLessThan(strengthFor(undefined));
    expect(strengthFor(undefined)).toBeLessThan(strengthFor('low'));
  });
});
