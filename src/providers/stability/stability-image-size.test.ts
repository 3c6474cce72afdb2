import { describe, expect, it } from 'vitest';
import { nearestAspectRatio, parseImageSize } from './stability-image-size.ts';

describe('parseImageSize', () => {
  it('reads WIDTHxHEIGHT, leaves auto to the model, refuses the rest as invalid_request', () => {
    expect(parseImageSize('1536x1024')).toEqual({ width: 1536, height: 1024 });
    expect(parseImageSize('auto')).toBeUndefined();
    for (const size of ['1536', '0x5', '9000x10', 'wide']) {
      expect(() => parseImageSize(size)).toThrow(expect.objectContaining({ code: 'invalid_request', type: 'image_generation_user_error' }));
    }
  });
});

describe('nearestAspectRatio', () => {
  it.each([
    [1024, 1024, '1:1'],
    [1024, 1536, '2:3'],
    [1536, 1024, '3:2'],
    [1920, 1080, '16:9'],
    [2560, 1080, '21:9'],
    [1080, 2560, '9:21'],
    [1024, 1280, '4:5'],
  ])('%ix%i → %s', (width, height, ratio) => {
    expect(nearestAspectRatio({ width, height })).toBe(ratio);
  });
});
