import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { readGeminiImageFixture } from '../../../test/kits/providers/gemini/gemini-image-fake-server.ts';
import { mapGeminiImageResponse, mapGeminiUsage, sumUsage } from './gemini-image-response.ts';

const provider = 'gemini.image';
const map = (name: string) => mapGeminiImageResponse(provider, readGeminiImageFixture(name));
const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};
const inlineData = (name: string, index: number) =>
  (readGeminiImageFixture(name) as { candidates: Array<{ content: { parts: Array<{ inlineData?: { data: string } }> } }> }).candidates[0]?.content.parts[index]?.inlineData?.data;

describe('mapGeminiImageResponse', () => {
  it('reads the image part and usageMetadata', () => {
    const answer = map('generate-content-image.json');
    expect(answer.image.mediaType).toBe('image/png');
    expect(Buffer.from(answer.image.data).toString('base64')).toBe(inlineData('generate-content-image.json', 0));
    expect(answer.usage).toEqual({ inputTokens: 14, inputTextTokens: 14, inputImageTokens: 0, outputTokens: 1290 });
    expect(answer.extraImages).toBe(0);
  });

  it('skips thought parts (interim images) and counts thinking tokens as output', () => {
    const answer = map('generate-content-thinking.json');
    expect(answer.image.mediaType).toBe('image/jpeg');
    expect(Buffer.from(answer.image.data).toString('base64')).toBe(inlineData('generate-content-thinking.json', 2));
    expect(answer.usage).toEqual({ inputTokens: 578, inputTextTokens: 18, inputImageTokens: 560, outputTokens: 1120 + 243 });
  });

  it.each([
    ['generate-content-prompt-blocked.json', /PROHIBITED_CONTENT/],
    ['generate-content-image-safety.json', /IMAGE_SAFETY/],
  ])('%s is moderation_blocked', (name, message) => {
    const error = thrown(() => map(name));
    expect(error).toBeInstanceOf(ImageGenerationError);
    expect(error).toMatchObject({ code: 'moderation_blocked', type: 'image_generation_user_error', message: expect.stringMatching(message) });
  });

  it('an answer without an image for another reason is a server_error with the model’s words', () => {
    expect(() => map('generate-content-no-image.json')).toThrow(expect.objectContaining({ code: 'server_error', message: 'gemini.image answered without an image (NO_IMAGE)' }));
    expect(() => map('generate-content-text-only.json')).toThrow(expect.objectContaining({ code: 'server_error', message: expect.stringContaining("I can't make an image of that") }));
  });

  it('an unexpected shape or an empty image is a non-retryable invalid_response', () => {
    for (const json of [{ candidates: 'nope' }, { candidates: [{ content: { parts: [{ inlineData: { mimeType: 'image/png', data: '' } }] } }] }]) {
      const error = thrown(() => mapGeminiImageResponse(provider, json));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'invalid_response', isRetryable: false });
    }
  });

  it('counts further final images in one answer', () => {
    const part = { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } };
    expect(mapGeminiImageResponse(provider, { candidates: [{ content: { parts: [part, { text: 'and another' }, part] } }] }).extraImages).toBe(1);
  });
});

describe('usage', () => {
  it('is undefined without usageMetadata and sums over calls', () => {
    expect(mapGeminiUsage(undefined)).toBeUndefined();
    const one = { inputTokens: 10, inputTextTokens: 4, inputImageTokens: 6, outputTokens: 100 };
    expect(sumUsage([one, undefined, one])).toEqual({ inputTokens: 20, inputTextTokens: 8, inputImageTokens: 12, outputTokens: 200 });
    expect(sumUsage([undefined])).toBeUndefined();
  });
});
