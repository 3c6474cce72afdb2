import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { readImagesFixture } from '../../../test/kits/providers/openai/openai-image-fake-server.ts';
import { mapOpenAIImageError, openAIStreamError } from './openai-image-error.ts';

const httpError = (status: number, body: string) => new ProviderError({ provider: 'openai.images', kind: 'http', status, body, message: `openai.images answered ${status}` });

describe('mapOpenAIImageError', () => {
  it('maps moderation_blocked and the older content_policy_violation to moderation_blocked', () => {
    for (const fixture of ['error-moderation-blocked.json', 'error-content-policy-violation.json']) {
      const original = httpError(400, readImagesFixture(fixture));
      const mapped = mapOpenAIImageError(original);
      expect(mapped).toBeInstanceOf(ImageGenerationError);
      expect(mapped).toMatchObject({ code: 'moderation_blocked', type: 'image_generation_user_error', cause: original });
      expect(mapped.message).toMatch(/^Your request was rejected/);
    }
  });

  it("turns other 400s into user errors with OpenAI's code, or invalid_request", () => {
    expect(mapOpenAIImageError(httpError(400, readImagesFixture('error-invalid-size.json')))).toMatchObject({
      name: 'ImageGenerationError',
      code: 'invalid_value',
      type: 'image_generation_user_error',
      message: "Invalid value: '1000x1000'. Supported values are: '1024x1024', '1024x1536', '1536x1024', and 'auto'.",
    });
    expect(mapOpenAIImageError(httpError(400, '{"error":{"message":"Bad thing","type":"invalid_request_error","param":null,"code":null}}'))).toMatchObject({ code: 'invalid_request', message: 'Bad thing' });
    expect(mapOpenAIImageError(httpError(400, '<html>bad gateway</html>'))).toMatchObject({ name: 'ImageGenerationError', code: 'invalid_request', message: 'openai.images answered 400' });
  });

  it('keeps auth, rate-limit, server and network failures as ProviderErrors', () => {
    for (const [status, fixture] of [[401, 'error-invalid-api-key.json'], [403, 'error-invalid-api-key.json'], [429, 'error-rate-limit.json'], [500, 'error-server-error.json']] as const) {
      const original = httpError(status, readImagesFixture(fixture));
      expect(mapOpenAIImageError(original)).toBe(original);
    }
    const network = new ProviderError({ provider: 'openai.images', kind: 'network', message: 'reset', isRetryable: true });
    expect(mapOpenAIImageError(network)).toBe(network);
  });
});

describe('openAIStreamError', () => {
  it('maps an error payload inside a stream like an HTTP error without status', () => {
    expect(openAIStreamError('openai.images', readImagesFixture('error-moderation-blocked.json'))).toMatchObject({ code: 'moderation_blocked' });
    const server = openAIStreamError('openai.images', readImagesFixture('error-server-error.json'));
    expect(server).toBeInstanceOf(ProviderError);
    expect(server).toMatchObject({ kind: 'http', status: undefined, isRetryable: false });
    expect(server.message).toContain('The server had an error');
  });
});
