import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { nearestAspectRatio } from '../shared/image/pixel-size.ts';
import { stabilityAspectRatios, stabilityModel } from './stability-image-models.ts';

describe('stabilityModel', () => {
  it('maps Ultra and Core to their endpoints', () => {
    expect(stabilityModel('stable-image-ultra')).toMatchObject({ path: '/v2beta/stable-image/generate/ultra', modelField: undefined, imageToImage: 'strength', quality: 'high' });
    expect(stabilityModel('stable-image-core')).toMatchObject({ path: '/v2beta/stable-image/generate/core', modelField: undefined, imageToImage: undefined });
  });

  it.each(['sd3.5-large', 'sd3.5-large-turbo', 'sd3.5-medium', 'sd3-large'])('maps %s to the SD3 endpoint with its model field', (modelId) => {
    expect(stabilityModel(modelId)).toMatchObject({ path: '/v2beta/stable-image/generate/sd3', modelField: modelId, outputFormats: ['png', 'jpeg'], imageToImage: 'mode' });
  });

  it('refuses an unknown id as invalid_request naming the known ones', () => {
    expect(() => stabilityModel('stable-diffusion-xl-1024-v1-0')).toThrow(ImageGenerationError);
    expect(() => stabilityModel('dall-e-3')).toThrow(expect.objectContaining({ code: 'invalid_request', message: expect.stringContaining('stable-image-ultra') }));
  });
});

describe('stabilityAspectRatios', () => {
  it.each([
    [1024, 1024, '1:1'],
    [1024, 1536, '2:3'],
    [1536, 1024, '3:2'],
    [1920, 1080, '16:9'],
    [2560, 1080, '21:9'],
    [1080, 2560, '9:21'],
    [1024, 1280, '4:5'],
  ])('%ix%i → %s', (width, height, ratio) => {
    expect(nearestAspectRatio({ width, height }, stabilityAspectRatios)).toBe(ratio);
  });
});
