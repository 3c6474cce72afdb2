import { describe, expect, it } from 'vitest';
import { readGeminiFixture } from '../../../test/kits/providers/gemini/gemini-generate-content-test-kit.ts';
import { readGeminiImageFixture } from '../../../test/kits/providers/gemini/gemini-image-fake-server.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import { googleRetryAfterMillis, parseGoogleError, withGoogleRetryInfo } from './google-error.ts';

describe('parseGoogleError', () => {
  it('reads code, status, message and the RetryInfo delay', () => {
    expect(parseGoogleError(readGeminiFixture('error-rate-limit-retry-info.json'))).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED', retryDelaySeconds: 34.4 });
    expect(parseGoogleError(readGeminiFixture('error-invalid-argument.json'))).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', retryDelaySeconds: undefined });
  });

  it('returns undefined for anything else', () => {
    for (const text of [undefined, '', '<html>502</html>', '{"message":"x"}']) expect(parseGoogleError(text)).toBeUndefined();
  });
});

describe('parseGoogleError reasons', () => {
  it('collects the ErrorInfo reasons', () => {
    expect(parseGoogleError(JSON.stringify(readGeminiImageFixture('error-api-key-invalid.json')))?.reasons).toEqual(['API_KEY_INVALID']);
    expect(parseGoogleError(readGeminiFixture('error-invalid-argument.json'))?.reasons).toEqual([]);
  });
});

describe('googleRetryAfterMillis', () => {
  it('reads the RetryInfo delay of an error body as milliseconds', () => {
    expect(googleRetryAfterMillis(readGeminiFixture('error-rate-limit-retry-info.json'))).toBe(34_400);
    expect(googleRetryAfterMillis('slow down')).toBeUndefined();
  });

  it('is what the Gemini models retry a 429 by, when it has no Retry-After', () => {
    expect(withGoogleRetryInfo(providerSettings({ baseURL: 'http://x' })).retryAfterFromBody).toBe(googleRetryAfterMillis);
  });
});

describe('RetryInfo in an image endpoint’s 429', () => {
  it('reads retryDelay from the 429 body', () => {
    expect(parseGoogleError(JSON.stringify(readGeminiImageFixture('error-resource-exhausted.json')))?.retryDelaySeconds).toBe(34.4);
    expect(parseGoogleError(JSON.stringify(readGeminiImageFixture('error-internal.json')))?.retryDelaySeconds).toBeUndefined();
    expect(parseGoogleError('not json')?.retryDelaySeconds).toBeUndefined();
  });
});
