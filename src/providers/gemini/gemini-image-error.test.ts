import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../../errors/image-generation-error.ts';
import { ProviderError } from '../shared/provider-error.ts';
import { mapGoogleImageError } from './gemini-image-error.ts';
import { readGeminiImageFixture } from './gemini-image-fake-server.ts';
import { retryDelaySeconds, withGoogleRetryInfo } from './gemini-image-retry-info.ts';

const httpError = (status: number, fixture: string) =>
  new ProviderError({ provider: 'gemini.image', kind: 'http', status, body: JSON.stringify(readGeminiImageFixture(fixture)), message: `gemini.image answered ${status}` });

describe('mapGoogleImageError', () => {
  it('a 400 INVALID_ARGUMENT is the caller’s invalid_request, with Google’s message', () => {
    const error = mapGoogleImageError(httpError(400, 'error-invalid-argument.json'));
    expect(error).toBeInstanceOf(ImageGenerationError);
    expect(error).toMatchObject({ code: 'invalid_request', type: 'image_generation_user_error', message: expect.stringMatching(/^Invalid value at 'generation_config\.image_config\.aspect_ratio'/) });
    expect(error.cause).toBeInstanceOf(ProviderError);
  });

  it('a Responsible-AI refusal is moderation_blocked', () => {
    expect(mapGoogleImageError(httpError(400, 'error-imagen-responsible-ai.json'))).toMatchObject({ code: 'moderation_blocked', type: 'image_generation_user_error' });
  });

  it('a bad API key (400 with API_KEY_INVALID) stays a ProviderError: the server is misconfigured', () => {
    const original = httpError(400, 'error-api-key-invalid.json');
    expect(mapGoogleImageError(original)).toBe(original);
  });

  it('quota, server errors and non-HTTP failures stay ProviderErrors', () => {
    for (const original of [
      httpError(429, 'error-resource-exhausted.json'),
      httpError(500, 'error-internal.json'),
      new ProviderError({ provider: 'gemini.image', kind: 'invalid_response', message: 'malformed', status: 200 }),
    ]) {
      expect(mapGoogleImageError(original)).toBe(original);
    }
  });
});

describe('RetryInfo', () => {
  it('reads retryDelay from the 429 body', () => {
    expect(retryDelaySeconds(JSON.stringify(readGeminiImageFixture('error-resource-exhausted.json')))).toBe(34.4);
    expect(retryDelaySeconds(JSON.stringify(readGeminiImageFixture('error-internal.json')))).toBeUndefined();
    expect(retryDelaySeconds('not json')).toBeUndefined();
  });

  it('copies it into Retry-After on 429 only, keeping the body and an existing header', async () => {
    const body = JSON.stringify(readGeminiImageFixture('error-resource-exhausted.json'));
    const answer = (status: number, headers: Record<string, string> = {}) => withGoogleRetryInfo(async () => new Response(body, { status, headers }))('http://x');
    const limited = await answer(429);
    expect(limited.headers.get('retry-after')).toBe('34.4');
    expect(await limited.text()).toBe(body);
    expect((await answer(429, { 'retry-after': '2' })).headers.get('retry-after')).toBe('2');
    expect((await answer(500)).headers.get('retry-after')).toBeNull();
  });
});
