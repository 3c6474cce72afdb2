import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../../spec/image-generation-error.ts';
import { imageCallOptions } from '../../../../test/kits/providers/contract/image-model.contract.ts';
import { defaultStepsByQuality, resolveSelfHostedSettings, seedFromPrompt, workingSizeFor } from './self-hosted-image-settings.ts';

const backend = { name: 'Backend', stepsByQuality: defaultStepsByQuality };
const input = { data: new Uint8Array([1]), mediaType: 'image/png' };

describe('resolveSelfHostedSettings', () => {
  it('decides auto and defaults: 1024x1024, medium (20 steps), png, a seed derived from the prompt', () => {
    const settings = resolveSelfHostedSettings(imageCallOptions({ prompt: 'a fox', size: 'auto', quality: 'auto' }), backend);
    expect(settings).toEqual({ outputSize: { width: 1024, height: 1024 }, quality: 'medium', steps: 20, outputFormat: 'png', encoderQuality: 100, seed: seedFromPrompt('a fox'), warnings: [] });
  });

  it('leaves an auto edit to the input size and keeps an explicit seed and quality', () => {
    const settings = resolveSelfHostedSettings(imageCallOptions({ images: [input], size: 'auto', seed: 7, quality: 'high', outputFormat: 'webp', outputCompression: 0 }), backend);
    expect(settings).toMatchObject({ outputSize: undefined, quality: 'high', steps: 30, outputFormat: 'webp', encoderQuality: 1, seed: 7 });
  });

  it('warns for what a Stable Diffusion backend cannot do', () => {
    const settings = resolveSelfHostedSettings(
      imageCallOptions({ partialImages: 2, background: 'transparent', outputCompression: 50, mask: input, moderation: 'auto' }),
      backend,
    );
    expect(settings.warnings.map((warning) => warning.setting)).toEqual(['partialImages', 'background', 'outputCompression', 'mask']);
    const edit = resolveSelfHostedSettings(imageCallOptions({ images: [input, input, input] }), backend);
    expect(edit.warnings).toEqual([expect.objectContaining({ setting: 'images', message: 'Backend edits one image; the other 2 were ignored.' })]);
  });

  it.each([
    [{ size: '1024' }, "Invalid size '1024'"],
    [{ size: '8x8' }, "Invalid size '8x8'"],
    [{ size: '5000x1024' }, "Invalid size '5000x1024'"],
    [{ n: 0 }, 'Invalid n 0'],
    [{ n: 11 }, 'Invalid n 11'],
    [{ seed: -1 }, 'Invalid seed -1'],
    [{ seed: 1.5 }, 'Invalid seed 1.5'],
    [{ partialImages: 4 }, 'Invalid partial_images 4'],
    [{ outputCompression: 101 }, 'Invalid output_compression 101'],
  ])('refuses %o as invalid_request', (overrides, message) => {
    let caught: unknown;
    try {
      resolveSelfHostedSettings(imageCallOptions(overrides), backend);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ImageGenerationError);
    expect(caught).toMatchObject({ code: 'invalid_request', type: 'image_generation_user_error' });
    expect((caught as Error).message).toContain(message);
  });
});

describe('workingSizeFor', () => {
  it('keeps multiples of 8, rounds others to the nearest and never goes below 16', () => {
    expect(workingSizeFor({ width: 1024, height: 1536 }, 2048)).toEqual({ width: 1024, height: 1536 });
    expect(workingSizeFor({ width: 1023, height: 1021 }, 2048)).toEqual({ width: 1024, height: 1024 });
    expect(workingSizeFor({ width: 20, height: 100 }, 2048)).toEqual({ width: 24, height: 104 });
    expect(workingSizeFor({ width: 16, height: 17 }, 2048)).toEqual({ width: 16, height: 16 });
  });

  it('scales down to the working limit, keeping the aspect', () => {
    expect(workingSizeFor({ width: 4000, height: 3000 }, 2048)).toEqual({ width: 2048, height: 1536 });
  });
});

describe('seedFromPrompt', () => {
  it('is a stable unsigned 32-bit number per prompt', () => {
    expect(seedFromPrompt('a fox')).toBe(seedFromPrompt('a fox'));
    expect(seedFromPrompt('a fox')).not.toBe(seedFromPrompt('a dog'));
    expect(seedFromPrompt('')).toBe(0x811c9dc5);
    expect(seedFromPrompt('a fox')).toBeGreaterThanOrEqual(0);
    expect(seedFromPrompt('a fox')).toBeLessThan(2 ** 32);
  });
});
