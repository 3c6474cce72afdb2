import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../spec/provider-error.ts';
import { readImagesFixtureJson } from '../../../test/kits/providers/openai/openai-image-fake-server.ts';
import { mapOpenAIImagesResponse, mapOpenAIImagesUsage } from './openai-image-response.ts';

const map = (json: unknown) => mapOpenAIImagesResponse('openai.images', json);

describe('mapOpenAIImagesResponse', () => {
  it('decodes every b64_json image and keeps the reported settings and usage', async () => {
    const fixture = readImagesFixtureJson('generations-gpt-image-1.5.json') as { data: Array<{ b64_json: string }> };
    const answer = map(fixture);
    expect(answer.images).toHaveLength(3);
    expect(Buffer.from(answer.images[2]?.data ?? []).toString('base64')).toBe(fixture.data[2]?.b64_json);
    expect((await sharp(answer.images[0]?.data).metadata()).format).toBe('png');
    expect(answer.reported).toEqual({ size: '1024x1024', quality: 'medium', background: 'opaque', outputFormat: 'png' });
    expect(answer.usage).toEqual({ inputTokens: 14, inputTextTokens: 14, inputImageTokens: 0, outputTokens: 3168 });
  });

  it("keeps dall-e-3's revised prompt; settings it does not report stay undefined", () => {
    const answer = map(readImagesFixtureJson('generations-dall-e-3.json'));
    expect(answer.images[0]?.revisedPrompt).toMatch(/^A tall white lighthouse/);
    expect(answer.reported).toEqual({ size: undefined, quality: undefined, background: undefined, outputFormat: undefined });
    expect(answer.usage).toBeUndefined();
  });

  it('is an invalid_response without images, with URLs only, or with another shape', () => {
    for (const json of [{ created: 1, data: [] }, { created: 1, data: [{ url: 'https://example.com/a.png' }] }, { created: 1 }, 'nope', { data: [{ b64_json: '' }] }]) {
      expect(() => map(json)).toThrow(ProviderError);
      try {
        map(json);
      } catch (error) {
        expect(error).toMatchObject({ kind: 'invalid_response', isRetryable: false, provider: 'openai.images' });
      }
    }
  });
});

describe('mapOpenAIImagesUsage', () => {
  it('splits input tokens into text and image tokens', () => {
    expect(mapOpenAIImagesUsage({ input_tokens: 341, output_tokens: 6240, input_tokens_details: { image_tokens: 323, text_tokens: 18 } })).toEqual({
      inputTokens: 341,
      inputTextTokens: 18,
      inputImageTokens: 323,
      outputTokens: 6240,
    });
  });

  it('keeps the text part of the output tokens (gpt-image-2 output_tokens_details), which is billed at the text rate', () => {
    const usage = { input_tokens: 50, output_tokens: 1300, input_tokens_details: { text_tokens: 50, image_tokens: 0 }, output_tokens_details: { image_tokens: 1056, text_tokens: 244 } };
    expect(mapOpenAIImagesUsage(usage)).toEqual({ inputTokens: 50, inputTextTokens: 50, inputImageTokens: 0, outputTokens: 1300, outputTextTokens: 244 });
    expect(mapOpenAIImagesUsage({ input_tokens: 5, output_tokens: 1100, output_tokens_details: { image_tokens: 1056 } })).toMatchObject({ outputTextTokens: 44 });
    expect(mapOpenAIImagesUsage({ input_tokens: 5, output_tokens: 1100 })).not.toHaveProperty('outputTextTokens');
  });

  it('counts all input as text when details are missing, and is undefined without usage', () => {
    expect(mapOpenAIImagesUsage({ input_tokens: 20, output_tokens: 100 })).toEqual({ inputTokens: 20, inputTextTokens: 20, inputImageTokens: 0, outputTokens: 100 });
    expect(mapOpenAIImagesUsage({ input_tokens: 20, output_tokens: 100, input_tokens_details: { image_tokens: 15 } })).toMatchObject({ inputTextTokens: 5, inputImageTokens: 15 });
    expect(mapOpenAIImagesUsage(undefined)).toBeUndefined();
    expect(mapOpenAIImagesUsage(null)).toBeUndefined();
  });
});
