import { describe, expect, it } from 'vitest';
import { readGeminiFixture } from '../../../test/kits/providers/gemini/gemini-generate-content-test-kit.ts';
import { readGeminiImageFixture } from '../../../test/kits/providers/gemini/gemini-image-fake-server.ts';
import { parseGoogleError, withGoogleRetryInfo } from './google-error.ts';

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

describe('withGoogleRetryInfo', () => {
  const answering = (response: Response): typeof fetch => async () => response;

  it('copies the RetryInfo delay of a 429 into Retry-After, keeping the body', async () => {
    const body = readGeminiFixture('error-rate-limit-retry-info.json');
    const response = await withGoogleRetryInfo(answering(new Response(body, { status: 429 })))('http://x');
    expect(response.headers.get('retry-after')).toBe('34.4');
    expect(await response.text()).toBe(body);
  });

  it('leaves other answers and an existing Retry-After alone', async () => {
    const ok = new Response('{}', { status: 200 });
    expect(await withGoogleRetryInfo(answering(ok))('http://x')).toBe(ok);
    const explicit = new Response(readGeminiFixture('error-rate-limit-retry-info.json'), { status: 429, headers: { 'retry-after': '2' } });
    expect((await withGoogleRetryInfo(answering(explicit))('http://x')).headers.get('retry-after')).toBe('2');
    const plain = await withGoogleRetryInfo(answering(new Response('slow down', { status: 429 })))('http://x');
    expect(plain.headers.get('retry-after')).toBeNull();
  });
});

describe('RetryInfo in an image endpoint’s 429', () => {
  it('reads retryDelay from the 429 body', () => {
    expect(parseGoogleError(JSON.stringify(readGeminiImageFixture('error-resource-exhausted.json')))?.retryDelaySeconds).toBe(34.4);
    expect(parseGoogleError(JSON.stringify(readGeminiImageFixture('error-internal.json')))?.retryDelaySeconds).toBeUndefined();
    expect(parseGoogleError('not json')?.retryDelaySeconds).toBeUndefined();
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
