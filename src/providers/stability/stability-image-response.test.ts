import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { upstreamAnswerOf } from '../shared/fetch-upstream-http.ts';
import { mapStabilityImageError } from './stability-image-error.ts';
import { readStabilityFixture } from '../../../test/kits/providers/stability/stability-image-fake-server.ts';
import { mapStabilityBytes, mapStabilityJson, readStabilityAnswer } from './stability-image-response.ts';

const provider = 'stability';

describe('mapStabilityJson', () => {
  it('reads image and seed', () => {
    const recorded = readStabilityFixture('generate-ultra.json') as { image: string };
    const answer = mapStabilityJson(provider, recorded);
    expect(Buffer.from(answer.data).toString('base64')).toBe(recorded.image);
    expect(answer.seed).toBe(1050625087);
  });

  it('reads an inpaint answer the same way', () => {
    expect(mapStabilityJson(provider, readStabilityFixture('inpaint.json')).seed).toBe(3218447131);
  });

  it('CONTENT_FILTERED (a blurred image) is moderation_blocked', () => {
    expect(() => mapStabilityJson(provider, readStabilityFixture('generate-content-filtered.json'))).toThrow(
      expect.objectContaining({ code: 'moderation_blocked', type: 'image_generation_user_error' }),
    );
  });

  it('an unexpected shape or an empty image is an invalid_response', () => {
    expect(() => mapStabilityJson(provider, { artifacts: [] })).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
    expect(() => mapStabilityJson(provider, { image: '', finish_reason: 'SUCCESS' })).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
  });
});

const headerOf = (headers: Record<string, string>) => (name: string) => headers[name];

describe('mapStabilityBytes and readStabilityAnswer', () => {
  it('reads raw bytes with the verdict and seed in headers', async () => {
    const bytes = new Uint8Array([137, 80, 78, 71]);
    expect(mapStabilityBytes(provider, bytes, headerOf({ 'finish-reason': 'SUCCESS', seed: '99' }))).toEqual({ data: bytes, seed: 99 });
    expect(() => mapStabilityBytes(provider, bytes, headerOf({ 'finish-reason': 'CONTENT_FILTERED' }))).toThrow(ImageGenerationError);
    const answer = await readStabilityAnswer(provider, upstreamAnswerOf(new Response(bytes, { headers: { 'content-type': 'image/png', seed: '5' } })), new AbortController().signal);
    expect(answer.seed).toBe(5);
  });

  it('reads JSON by content-type and calls malformed JSON an invalid_response', async () => {
    const signal = new AbortController().signal;
    const json = JSON.stringify(readStabilityFixture('generate-ultra.json'));
    await expect(readStabilityAnswer(provider, upstreamAnswerOf(new Response(json, { headers: { 'content-type': 'application/json; type=image/png' } })), signal)).resolves.toMatchObject({ seed: 1050625087 });
    await expect(readStabilityAnswer(provider, upstreamAnswerOf(new Response('{"image": "', { headers: { 'content-type': 'application/json' } })), signal)).rejects.toMatchObject({
      kind: 'invalid_response',
      isRetryable: false,
    });
  });
});

describe('mapStabilityImageError', () => {
  const httpError = (status: number, fixture: string) =>
    new ProviderError({ provider, kind: 'http', status, body: JSON.stringify(readStabilityFixture(fixture)), message: `stability answered ${status}` });

  it('403 content_moderation is moderation_blocked with Stability’s words', () => {
    const error = mapStabilityImageError(httpError(403, 'error-content-moderation.json'));
    expect(error).toBeInstanceOf(ImageGenerationError);
    expect(error).toMatchObject({ code: 'moderation_blocked', type: 'image_generation_user_error', message: expect.stringMatching(/^Your request was flagged/) });
  });

  it('400, 413 and 422 are invalid_request', () => {
    for (const status of [400, 413, 422]) {
      expect(mapStabilityImageError(httpError(status, 'error-bad-request.json'))).toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/^aspect_ratio: must be one of/) });
    }
  });

  it('auth, rate limits, server errors and malformed answers stay ProviderErrors', () => {
    for (const original of [
      new ProviderError({ provider, kind: 'http', status: 401, body: '{"name":"unauthorized","errors":["bad key"]}', message: 'x' }),
      new ProviderError({ provider, kind: 'http', status: 403, body: '{"name":"forbidden","errors":["no access"]}', message: 'x' }),
      httpError(429, 'error-rate-limit.json'),
      httpError(500, 'error-internal.json'),
      new ProviderError({ provider, kind: 'invalid_response', message: 'x' }),
    ]) {
      expect(mapStabilityImageError(original)).toBe(original);
    }
  });
});
