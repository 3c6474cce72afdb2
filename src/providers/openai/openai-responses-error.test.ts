import { describe, expect, it } from 'vitest';
import { ProviderError } from '../spec/provider-error.ts';
import { readResponsesFixture, readResponsesFixtureEvents } from '../../../test/kits/providers/openai/openai-responses-fake-server.ts';
import { mapOpenAIResponsesError, openAIResponsesStreamError } from './openai-responses-error.ts';

const provider = 'openai.responses';

function httpError(status: number, body: string, retryAfterMillis?: number): ProviderError {
  return new ProviderError({ provider, kind: 'http', status, body, retryAfterMillis, message: `${provider} answered ${status}: …` });
}

describe('mapOpenAIResponsesError', () => {
  it('names type, code and param, keeping status, body, retryability and the original as cause', () => {
    const original = httpError(400, readResponsesFixture('error-invalid-request.json'));
    const mapped = mapOpenAIResponsesError(original);
    expect(mapped).toBeInstanceOf(ProviderError);
    expect(mapped).toMatchObject({
      status: 400,
      body: original.body,
      isRetryable: false,
      message:
        "openai.responses answered 400 (invalid_request_error, code integer_below_min_value, param max_output_tokens): Invalid 'max_output_tokens': integer below minimum value. Expected a value >= 16, but got 5 instead.",
    });
    expect((mapped as Error).cause).toBe(original);
  });

  it('keeps Retry-After and retryability of a rate limit', () => {
    const mapped = mapOpenAIResponsesError(httpError(429, readResponsesFixture('error-rate-limit.json'), 1400));
    expect(mapped).toMatchObject({ status: 429, isRetryable: true, retryAfterMillis: 1400 });
    expect((mapped as Error).message).toMatch(/^openai\.responses answered 429 \(tokens, code rate_limit_exceeded\): Rate limit reached/);
  });

  it('returns other errors unchanged', () => {
    const notAnEnvelope = httpError(502, '<html>Bad gateway</html>');
    expect(mapOpenAIResponsesError(notAnEnvelope)).toBe(notAnEnvelope);
    const timeout = new ProviderError({ provider, kind: 'timeout', message: 'slow' });
    expect(mapOpenAIResponsesError(timeout)).toBe(timeout);
    const abortReason = new Error('client went away');
    expect(mapOpenAIResponsesError(abortReason)).toBe(abortReason);
  });
});

describe('openAIResponsesStreamError', () => {
  it('reads the error event, and the envelope some proxies send instead', () => {
    const event = readResponsesFixtureEvents('error.stream.sse').at(-1);
    if (event === undefined) throw new Error('fixture is empty');
    expect(openAIResponsesStreamError(provider, event.payload, event.data)).toMatchObject({
      kind: 'http',
      body: event.data,
      message: 'openai.responses reported an error mid-stream (code server_error): The server had an error while processing your request. Sorry about that!',
    });
    const envelope = '{"error":{"message":"overloaded","type":"server_error","code":null}}';
    expect(openAIResponsesStreamError(provider, JSON.parse(envelope), envelope).message).toBe('openai.responses reported an error mid-stream: overloaded');
  });

  it('reads the nested shape `{type:"error", error:{type, code, message, param}}` as well, keeping code, type, param and message', () => {
    // As OpenAI sends it today (quoted in Wei-Shaw/sub2api#6631).
    const data = '{"type":"error","error":{"code":"server_is_overloaded","message":"Our servers are currently overloaded. Please try again later.","param":null,"type":"service_unavailable_error"},"sequence_number":2}';
    const error = openAIResponsesStreamError(provider, JSON.parse(data), data);
    expect(error.message).toBe('openai.responses reported an error mid-stream (code server_is_overloaded): Our servers are currently overloaded. Please try again later.');
    expect(error.upstream).toEqual({ code: 'server_is_overloaded', type: 'service_unavailable_error', param: undefined, message: 'Our servers are currently overloaded. Please try again later.' });
    const flat = '{"type":"error","code":"rate_limit_exceeded","message":"Slow down.","param":null,"sequence_number":3}';
    expect(openAIResponsesStreamError(provider, JSON.parse(flat), flat).upstream).toMatchObject({ code: 'rate_limit_exceeded', message: 'Slow down.' });
  });
});
