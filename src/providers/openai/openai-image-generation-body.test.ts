import { describe, expect, it } from 'vitest';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { buildOpenAIImageGenerationBody } from './openai-image-generation-body.ts';
import { openAIImageModelCapabilities } from './openai-image-model-capabilities.ts';
import { resolveOpenAIImageRequest } from './openai-image-request-settings.ts';

const body = (modelId: string, overrides: Parameters<typeof imageCallOptions>[0]) =>
  buildOpenAIImageGenerationBody(resolveOpenAIImageRequest(modelId, openAIImageModelCapabilities(modelId), imageCallOptions(overrides)));

describe('buildOpenAIImageGenerationBody', () => {
  it('writes CreateImageRequest in snake_case and leaves unset fields out', () => {
    expect(body('gpt-image-1.5', { prompt: 'a fox', n: 2, size: '1024x1536', quality: 'low', outputFormat: 'jpeg', outputCompression: 40, background: 'opaque', moderation: 'auto' })).toEqual({
      model: 'gpt-image-1.5',
      prompt: 'a fox',
      n: 2,
      size: '1024x1536',
      quality: 'low',
      background: 'opaque',
      output_format: 'jpeg',
      output_compression: 40,
      moderation: 'auto',
    });
    expect(body('gpt-image-1', { prompt: 'a fox' })).toEqual({ model: 'gpt-image-1', prompt: 'a fox', n: 1 });
  });

  it('adds stream and partial_images only when streaming', () => {
    expect(body('gpt-image-2', { prompt: 'p', partialImages: 3, onPartialImage: () => undefined })).toEqual({ model: 'gpt-image-2', prompt: 'p', n: 1, stream: true, partial_images: 3 });
  });

  it('asks dall-e for base64 instead of URLs', () => {
    expect(body('dall-e-3', { prompt: 'p', quality: 'high', size: '1792x1024' })).toEqual({ model: 'dall-e-3', prompt: 'p', n: 1, size: '1792x1024', quality: 'hd', response_format: 'b64_json' });
  });
});
