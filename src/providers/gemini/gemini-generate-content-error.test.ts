import { describe, expect, it } from 'vitest';
import { geminiStreamError, parseGeminiError, withGeminiRetryInfo } from './gemini-generate-content-error.ts';
import { readGeminiFixture } from './gemini-generate-content-test-kit.ts';

describe('parseGeminiError', () => {
  it('reads code, status, message and the RetryInfo delay', () => {
    expect(parseGeminiError(readGeminiFixture('error-rate-limit-retry-info.json'))).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED', retryDelaySeconds: 34.4 });
    expect(parseGeminiError(readGeminiFixture('error-invalid-argument.json'))).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT', retryDelaySeconds: undefined });
  });

  it('returns undefined for anything else', () => {
    for (const text of [undefined, '', '<html>502</html>', '{"message":"x"}']) expect(parseGeminiError(text)).toBeUndefined();
  });
});

describe('withGeminiRetryInfo', () => {
  const answering = (response: Response): typeof fetch => async () => response;

  it('copies the RetryInfo delay of a 429 into Retry-After, keeping the body', async () => {
    const body = readGeminiFixture('error-rate-limit-retry-info.json');
    const response = await withGeminiRetryInfo(answering(new Response(body, { status: 429 })))('http://x');
    expect(response.headers.get('retry-after')).toBe('34.4');
    expect(await response.text()).toBe(body);
  });

  it('leaves other answers and an existing Retry-After alone', async () => {
    const ok = new Response('{}', { status: 200 });
    expect(await withGeminiRetryInfo(answering(ok))('http://x')).toBe(ok);
    const explicit = new Response(readGeminiFixture('error-rate-limit-retry-info.json'), { status: 429, headers: { 'retry-after': '2' } });
    expect((await withGeminiRetryInfo(answering(explicit))('http://x')).headers.get('retry-after')).toBe('2');
    const plain = await withGeminiRetryInfo(answering(new Response('slow down', { status: 429 })))('http://x');
    expect(plain.headers.get('retry-after')).toBeNull();
  });
});

describe('geminiStreamError', () => {
  it('takes the status from the error code', () => {
    expect(geminiStreamError('gemini', readGeminiFixture('error-invalid-argument.json'))).toMatchObject({ status: 400, isRetryable: false });
    expect(geminiStreamError('gemini', '{"error":{}}')).toMatchObject({ status: undefined, isRetryable: false });
  });
});
