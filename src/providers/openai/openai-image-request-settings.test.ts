import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import type { ImageModelCallOptions } from '../spec/image-model.ts';
import { openAIImageModelCapabilities } from './openai-image-model-capabilities.ts';
import { resolveOpenAIImageRequest } from './openai-image-request-settings.ts';

const resolve = (modelId: string, overrides: Partial<ImageModelCallOptions>) => resolveOpenAIImageRequest(modelId, openAIImageModelCapabilities(modelId), imageCallOptions(overrides));
const png = { data: new Uint8Array([1, 2, 3]), mediaType: 'image/png' };
const settingsOf = (request: ReturnType<typeof resolve>) => request.warnings.map((warning) => warning.setting);

function rejection(call: () => unknown): ImageGenerationError {
  try {
    call();
  } catch (error) {
    if (error instanceof ImageGenerationError) return error;
    throw error;
  }
  throw new Error('expected an ImageGenerationError');
}

describe('resolveOpenAIImageRequest', () => {
  it('passes every GPT image setting through as the wire spells it', () => {
    const request = resolve('gpt-image-1.5', { n: 3, size: '1536x1024', quality: 'high', outputFormat: 'webp', outputCompression: 70, background: 'transparent', moderation: 'low' });
    expect(request).toMatchObject({ model: 'gpt-image-1.5', n: 3, size: '1536x1024', quality: 'high', outputFormat: 'webp', outputCompression: 70, background: 'transparent', moderation: 'low', responseFormat: undefined, stream: false });
    expect(request.warnings).toEqual([]);
  });

  it('rejects n=2 for dall-e-3 with a clear invalid_request, not a clamp', () => {
    const error = rejection(() => resolve('dall-e-3', { n: 2 }));
    expect(error).toMatchObject({ code: 'invalid_request', type: 'image_generation_user_error' });
    expect(error.message).toBe('dall-e-3 makes one image per request: n must be 1 (got 2).');
    expect(rejection(() => resolve('gpt-image-1', { n: 11 })).message).toContain('Invalid n 11');
  });

  it('rejects a size the model cannot make, naming the setting', () => {
    const error = rejection(() => resolve('gpt-image-1', { size: '1792x1024' }));
    expect(error).toMatchObject({ code: 'invalid_request', type: 'image_generation_user_error' });
    expect(error.message).toBe("Invalid size '1792x1024' for gpt-image-1: expected one of 1024x1024, 1536x1024, 1024x1536, auto.");
    expect(rejection(() => resolve('gpt-image-2', { size: '1000x1000' })).message).toContain('multiples of 16');
  });

  it('rejects edits a model cannot do and out-of-range numbers', () => {
    expect(rejection(() => resolve('dall-e-3', { images: [png] })).message).toBe('dall-e-3 cannot edit images; use a GPT image model or dall-e-2.');
    expect(rejection(() => resolve('dall-e-2', { images: [png, png] })).message).toBe('dall-e-2 edits at most 1 input image (got 2).');
    expect(rejection(() => resolve('gpt-image-1', { images: Array.from({ length: 17 }, () => png) })).message).toContain('at most 16 input images');
    expect(rejection(() => resolve('gpt-image-1', { partialImages: 4 })).message).toContain('partial_images');
    expect(rejection(() => resolve('gpt-image-1', { outputCompression: 101 })).message).toContain('output_compression');
    expect(rejection(() => resolve('dall-e-3', { prompt: 'x'.repeat(4001) })).message).toContain('at most 4000');
  });

  it('leaves out what dall-e lacks, with a warning each, and asks for base64', () => {
    const request = resolve('dall-e-3', { quality: 'low', outputFormat: 'jpeg', outputCompression: 50, background: 'transparent', moderation: 'low', seed: 7, size: 'auto' });
    expect(request).toMatchObject({ quality: 'standard', outputFormat: undefined, outputCompression: undefined, background: undefined, moderation: undefined, size: undefined, responseFormat: 'b64_json' });
    expect(settingsOf(request)).toEqual(['outputFormat', 'outputCompression', 'background', 'moderation', 'seed', 'quality']);
    expect(resolve('dall-e-3', { quality: 'high' }).quality).toBe('hd');
    expect(resolve('dall-e-2', { quality: 'high' })).toMatchObject({ quality: undefined, warnings: [expect.objectContaining({ setting: 'quality' })] });
  });

  it('sends input_fidelity only for edits on models that take it', () => {
    expect(resolve('gpt-image-1.5', { images: [png], inputFidelity: 'high' })).toMatchObject({ inputFidelity: 'high', warnings: [] });
    const mini = resolve('gpt-image-1-mini', { images: [png], inputFidelity: 'high' });
    expect(mini.inputFidelity).toBeUndefined();
    expect(mini.warnings).toEqual([{ type: 'unsupported-setting', setting: 'inputFidelity', message: 'gpt-image-1-mini does not accept input_fidelity; it was not sent.' }]);
    expect(resolve('gpt-image-2', { images: [png], inputFidelity: 'low' }).warnings[0]?.message).toContain('always uses high fidelity');
    expect(resolve('gpt-image-1.5', { inputFidelity: 'high' })).toMatchObject({ inputFidelity: undefined, warnings: [] });
  });

  it('drops settings that cannot go together, saying so', () => {
    const jpeg = resolve('gpt-image-1.5', { outputFormat: 'jpeg', background: 'transparent' });
    expect([jpeg.background, settingsOf(jpeg)]).toEqual([undefined, ['background']]);
    const losslessPng = resolve('gpt-image-1.5', { outputCompression: 60 });
    expect([losslessPng.outputCompression, settingsOf(losslessPng)]).toEqual([undefined, ['outputCompression']]);
    expect(resolve('gpt-image-1.5', { outputFormat: 'png', outputCompression: 100 }).warnings).toEqual([]);
    const edit = resolve('gpt-image-1.5', { images: [png], moderation: 'low' });
    expect([edit.moderation, settingsOf(edit)]).toEqual([undefined, ['moderation']]);
    expect(settingsOf(resolve('gpt-image-1.5', { mask: png }))).toEqual(['mask']);
  });

  it('streams only when partial images are wanted and someone takes them', () => {
    const onPartialImage = () => undefined;
    expect(resolve('gpt-image-1.5', { partialImages: 2, onPartialImage })).toMatchObject({ stream: true, partialImages: 2 });
    expect(resolve('gpt-image-1.5', { partialImages: 2 })).toMatchObject({ stream: false, partialImages: undefined, warnings: [] });
    expect(resolve('gpt-image-1.5', { partialImages: 0, onPartialImage })).toMatchObject({ stream: false, partialImages: undefined });
    const dallE = resolve('dall-e-2', { partialImages: 1, onPartialImage });
    expect([dallE.stream, settingsOf(dallE)]).toEqual([false, ['partialImages']]);
  });
});
