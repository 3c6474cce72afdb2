import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../../errors/image-generation-error.ts';
import { nearestAspectRatio, parseImageSize, pickImageSizeTier } from './gemini-image-size.ts';

const ratios = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];

describe('parseImageSize', () => {
  it('reads WIDTHxHEIGHT and leaves auto to the model', () => {
    expect(parseImageSize('1024x1536')).toEqual({ width: 1024, height: 1536 });
    expect(parseImageSize('auto')).toBeUndefined();
    expect(parseImageSize(undefined)).toBeUndefined();
  });

  it.each(['1024', '0x10', '10x0', '5000x512', 'axb', ' 512x512'])('refuses %j as invalid_request', (size) => {
    expect(() => parseImageSize(size)).toThrow(ImageGenerationError);
    expect(() => parseImageSize(size)).toThrow(expect.objectContaining({ code: 'invalid_request', type: 'image_generation_user_error' }));
  });
});

describe('nearestAspectRatio', () => {
  it.each([
    [1024, 1024, '1:1'],
    [1024, 1536, '2:3'],
    [1536, 1024, '3:2'],
    [1920, 1080, '16:9'],
    [1080, 1920, '9:16'],
    [2560, 1080, '21:9'],
    [1000, 800, '5:4'],
    [1, 100, '9:16'],
  ])('%ix%i → %s', (width, height, ratio) => {
    expect(nearestAspectRatio({ width, height }, ratios)).toBe(ratio);
  });

  it('chooses among the given ratios only', () => {
    expect(nearestAspectRatio({ width: 1024, height: 1536 }, ['1:1', '3:4', '4:3', '9:16', '16:9'])).toBe('3:4');
  });
});

describe('pickImageSizeTier', () => {
  const all = ['1K', '2K', '4K'] as const;

  it('stays on the default 1K (sends nothing) up to about a megapixel', () => {
    expect(pickImageSizeTier({ width: 1024, height: 1024 }, all)).toBeUndefined();
    expect(pickImageSizeTier({ width: 1088, height: 1024 }, all)).toBeUndefined();
    expect(pickImageSizeTier(undefined, all)).toBeUndefined();
  });

  it('goes up to the smallest tier that needs no upscaling', () => {
    expect(pickImageSizeTier({ width: 1024, height: 1536 }, all)).toBe('2K');
    expect(pickImageSizeTier({ width: 3840, height: 2160 }, all)).toBe('4K');
  });

  it('takes the largest tier offered when none is big enough, and nothing for 1K-only models', () => {
    expect(pickImageSizeTier({ width: 3840, height: 2160 }, ['1K', '2K'])).toBe('2K');
    expect(pickImageSizeTier({ width: 3840, height: 2160 }, [])).toBeUndefined();
  });
});
