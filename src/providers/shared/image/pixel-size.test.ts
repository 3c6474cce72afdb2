import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../../spec/image-generation-error.ts';
import { nearestAspectRatio, parseImageSize } from './pixel-size.ts';

const ratios = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];

describe('parseImageSize', () => {
  it('reads WIDTHxHEIGHT and leaves auto to the caller', () => {
    expect(parseImageSize('1024x1536')).toEqual({ width: 1024, height: 1536 });
    expect(parseImageSize('1536x1024')).toEqual({ width: 1536, height: 1024 });
    expect(parseImageSize('auto')).toBeUndefined();
    expect(parseImageSize(undefined)).toBeUndefined();
  });

  it.each(['1024', '1536', '0x10', '10x0', '0x5', '5000x512', '9000x10', 'axb', 'wide', ' 512x512'])('refuses %j as invalid_request', (size) => {
    expect(() => parseImageSize(size)).toThrow(ImageGenerationError);
    expect(() => parseImageSize(size)).toThrow(expect.objectContaining({ code: 'invalid_request', type: 'image_generation_user_error' }));
  });

  it('names the bounds it was given', () => {
    expect(parseImageSize('16x4096', { minSide: 16, maxSide: 4096 })).toEqual({ width: 16, height: 4096 });
    expect(() => parseImageSize('8x8', { minSide: 16, maxSide: 4096 })).toThrow("Invalid size '8x8': expected 'auto' or WIDTHxHEIGHT with sides from 16 to 4096.");
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
