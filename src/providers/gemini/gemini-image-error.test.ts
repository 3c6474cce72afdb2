import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { mapGoogleImageError } from './gemini-image-error.ts';
import { readGeminiImageFixture } from '../../../test/kits/providers/gemini/gemini-image-fake-server.ts';

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
