import { describe, expect, it } from 'vitest';
import { ProviderError, type UpstreamErrorDetails } from '../providers/spec/provider-error.ts';
import { ApiError } from './api-error.ts';
import { ImageGenerationError } from '../providers/spec/image-generation-error.ts';
import { SpendRefusedError } from './spend-refused-error.ts';
import { imageToolScope, imagesApiScope, languageModelScope, toClientError, upstreamCause } from './to-client-error.ts';

const http = (status: number | undefined, upstream: UpstreamErrorDetails = {}, extra: { retryAfterMillis?: number; provider?: string } = {}) =>
  new ProviderError({ provider: extra.provider ?? 'openai', kind: 'http', status, message: `upstream ${status ?? 'event'}`, upstream, retryAfterMillis: extra.retryAfterMillis });
const fields = (error: ApiError) => ({ status: error.status, type: error.type, code: error.code, param: error.param, retryAfterSeconds: error.retryAfterSeconds, shouldRetry: error.shouldRetry });

describe('toClientError: upstream failures as OpenAI SDKs expect them', () => {
  it('429 keeps rate_limit_exceeded or insufficient_quota, with Retry-After rounded up to whole seconds', () => {
    expect(fields(toClientError(http(429, { code: 'rate_limit_exceeded', type: 'requests' }, { retryAfterMillis: 1200 })))).toMatchObject({ status: 429, code: 'rate_limit_exceeded', retryAfterSeconds: 2 });
    // Quota will not come back by retrying: the SDK is told not to.
    expect(fields(toClientError(http(429, { code: 'insufficient_quota', type: 'insufficient_quota' })))).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'insufficient_quota', shouldRetry: false });
    // Anthropic and Google say it in their own words.
    expect(toClientError(http(429, { type: 'rate_limit_error' }, { provider: 'anthropic' })).code).toBe('rate_limit_exceeded');
    expect(toClientError(http(429, { type: 'RESOURCE_EXHAUSTED' }, { provider: 'gemini' })).code).toBe('rate_limit_exceeded');
  });

  it('overload is 503 server_is_overloaded: Anthropic 529, Google UNAVAILABLE, OpenAI 503, a stream event', () => {
    for (const error of [http(529, { type: 'overloaded_error' }), http(503, { type: 'UNAVAILABLE' }), http(503), http(undefined, { type: 'overloaded_error' }), http(undefined, { code: 'server_is_overloaded' })]) {
      expect(fields(toClientError(error))).toMatchObject({ status: 503, type: 'service_unavailable_error', code: 'server_is_overloaded' });
    }
  });

  it('a stream error event without a status is mapped by its code or type', () => {
    expect(toClientError(http(undefined, { code: 'rate_limit_exceeded', message: 'slow' })).status).toBe(429);
    expect(fields(toClientError(http(undefined, { type: 'invalid_request_error', code: 'context_length_exceeded', param: 'input' })))).toMatchObject({ status: 400, code: 'context_length_exceeded', param: null });
  });

  it('a 400 names the client field its upstream param came from, in each scope', () => {
    expect(toClientError(http(400, { param: 'max_tokens' }), languageModelScope).param).toBe('max_output_tokens');
    expect(toClientError(http(400, { param: 'input[3].content' }), languageModelScope).param).toBeNull();
    const user = (param: string) => new ImageGenerationError('bad', 'invalid_value', 'image_generation_user_error', { cause: http(400, { param }) });
    expect(toClientError(user('size'), imageToolScope(2)).param).toBe('tools[2].size');
    expect(toClientError(user('mask'), imageToolScope(0)).param).toBe('tools[0].input_image_mask');
    expect(toClientError(user('prompt'), imageToolScope(0)).param).toBeNull();
    expect(toClientError(user('n'), imagesApiScope).param).toBe('n');
  });

  it('a plain 400 from an image backend is the operator’s (a checkpoint ComfyUI lacks): 502', () => {
    expect(fields(toClientError(http(400, { message: 'ckpt missing' }, { provider: 'comfyui' }), imagesApiScope))).toMatchObject({ status: 502, code: 'server_error' });
  });

  it('model_not_found is a 404 naming the model field, also behind an image call', () => {
    const missing = http(404, { code: 'model_not_found', message: "The model 'gpt-image-1.5' does not exist." });
    expect(fields(toClientError(missing))).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    const imageCall = new ImageGenerationError(missing.message, 'model_not_found', 'server_error', { cause: missing });
    expect(fields(toClientError(imageCall, imageToolScope(1)))).toMatchObject({ status: 404, code: 'model_not_found', param: 'tools[1].model' });
    expect(toClientError(http(404, { type: 'not_found_error', message: 'model: claude-x' })).code).toBe('model_not_found');
  });

  it('the upstream refusing the server’s key is a 502 upstream_auth_error, not retried, not quoting the upstream', () => {
    for (const error of [http(401, { message: 'Incorrect API key provided: sk-abc***xyz' }), http(403), http(400, { message: 'API key not valid. Please pass a valid API key.', type: 'INVALID_ARGUMENT' })]) {
      const mapped = toClientError(error);
      expect(fields(mapped)).toMatchObject({ status: 502, code: 'upstream_auth_error', shouldRetry: false });
      expect(mapped.message).not.toContain('sk-abc');
      expect(mapped.headers()).toEqual({ 'x-should-retry': 'false' });
    }
  });

  it('timeouts are 504, network faults and other 5xx 502, naming the provider; bugs 500', () => {
    expect(toClientError(new ProviderError({ provider: 'gemini', kind: 'timeout', message: 'gemini did not answer within 5 ms' })).status).toBe(504);
    const reset = toClientError(new ProviderError({ provider: 'ollama', kind: 'network', message: 'ollama could not be reached' }));
    expect([reset.status, reset.message]).toEqual([502, 'The upstream provider (ollama) failed: ollama could not be reached']);
    expect(fields(toClientError(http(500)))).toMatchObject({ status: 502, code: 'server_error' });
    expect(fields(toClientError(new TypeError('oops')))).toMatchObject({ status: 500, code: 'server_error' });
    const own = new ApiError(409, 'invalid_request_error', 'mine');
    expect(toClientError(own)).toBe(own);
  });

  it('upstreamCause follows the cause chain', () => {
    const upstream = http(429);
    expect(upstreamCause(new ImageGenerationError('x', 'rate_limit_exceeded', 'server_error', { cause: upstream }))).toBe(upstream);
    expect(upstreamCause(new Error('plain'))).toBeUndefined();
  });
});

describe('toClientError: money refusing work', () => {
  it('a budget or cap refusal is 429 insufficient_quota with its own code; an unknown price is 400 naming model', () => {
    expect(fields(toClientError(new SpendRefusedError('budget', 'The key’s daily budget…')))).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'budget_exceeded', param: null });
    expect(fields(toClientError(new SpendRefusedError('max_cost', 'This response may cost at most…')))).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'max_cost_exceeded', param: null });
    const unknown = toClientError(new SpendRefusedError('unknown_price', 'imagegate has no price for x'));
    expect(fields(unknown)).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'price_unknown', param: 'model' });
    expect(unknown.message).toBe('imagegate has no price for x');
  });
});
