import { describe, expect, it } from 'vitest';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import type { ImageModelCallOptions } from '../spec/image-model.ts';
import { encodeFakeImage } from '../../../test/kits/providers/openai/openai-image-fake-server.ts';
import { openAIImageModelCapabilities } from './openai-image-model-capabilities.ts';
import { resolveOpenAIImageRequest } from './openai-image-request-settings.ts';
import type { OpenAIImageAnswer, OpenAIReportedSettings } from './openai-image-response.ts';
import { resolveOpenAIImageResult } from './openai-image-result.ts';

const unreported: OpenAIReportedSettings = { size: undefined, quality: undefined, background: undefined, outputFormat: undefined };

async function result(modelId: string, overrides: Partial<ImageModelCallOptions>, reported: Partial<OpenAIReportedSettings>, image?: Uint8Array) {
  const request = resolveOpenAIImageRequest(modelId, openAIImageModelCapabilities(modelId), imageCallOptions(overrides));
  const answer: OpenAIImageAnswer = {
    images: [{ data: image ?? (await encodeFakeImage(640, 400, 'png', 1)), revisedPrompt: 'revised' }],
    reported: { ...unreported, ...reported },
    usage: undefined,
  };
  return resolveOpenAIImageResult('openai.images', answer, request, request.warnings);
}

describe('resolveOpenAIImageResult', () => {
  it('prefers what the answer reports', async () => {
    const resolved = await result('gpt-image-1.5', { size: 'auto', quality: 'auto', outputFormat: 'png' }, { size: '1536x1024', quality: 'high', background: 'transparent', outputFormat: 'webp' });
    expect(resolved).toMatchObject({ size: '1536x1024', quality: 'high', background: 'transparent', outputFormat: 'webp' });
    expect(resolved.images[0]).toMatchObject({ mediaType: 'image/webp', revisedPrompt: 'revised' });
  });

  it('falls back to what was asked for', async () => {
    const resolved = await result('gpt-image-1.5', { size: '1024x1536', quality: 'low', outputFormat: 'jpeg', background: 'opaque' }, {});
    expect(resolved).toMatchObject({ size: '1024x1536', quality: 'low', background: 'opaque', outputFormat: 'jpeg' });
    expect(resolved.images[0]?.mediaType).toBe('image/jpeg');
    expect((await result('dall-e-3', { quality: 'high' }, {})).quality).toBe('high');
    expect((await result('gpt-image-1', { background: 'transparent' }, {})).background).toBe('transparent');
  });

  it('measures the image when the size was auto and the answer does not say, or says auto', async () => {
    expect((await result('gpt-image-1', { size: 'auto' }, {})).size).toBe('640x400');
    expect((await result('gpt-image-1', { size: 'auto' }, { size: 'auto' })).size).toBe('640x400');
    expect((await result('dall-e-3', {}, {})).size).toBe('640x400');
  });

  it('resolves auto quality to medium, auto background to opaque and no format to png', async () => {
    expect(await result('gpt-image-1', { quality: 'auto' }, { quality: 'auto', background: 'auto' })).toMatchObject({ quality: 'medium', background: 'opaque', outputFormat: 'png' });
  });

  it('is an invalid_response when an image it must measure does not decode', async () => {
    await expect(result('gpt-image-1', {}, {}, new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ name: 'ProviderError', kind: 'invalid_response' });
  });
});
