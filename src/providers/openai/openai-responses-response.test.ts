import { describe, expect, it } from 'vitest';
import { ProviderError } from '../spec/provider-error.ts';
import { readResponsesJsonFixture } from '../../../test/kits/providers/openai/openai-responses-fake-server.ts';
import { mapOpenAIResponse, mapOpenAIResponsesFinishReason, mapOpenAIResponsesUsage } from './openai-responses-response.ts';

const provider = 'openai.responses';

describe('mapOpenAIResponse', () => {
  it('maps a text answer', () => {
    expect(mapOpenAIResponse(provider, readResponsesJsonFixture('text.response.json'))).toEqual({
      content: [{ type: 'text', text: 'Hello there! Nice to meet you.' }],
      finishReason: 'stop',
      usage: { inputTokens: 13, cachedInputTokens: 0, outputTokens: 8, reasoningTokens: 0 },
    });
  });

  it('maps a function call with call_id as the tool call id', () => {
    const answer = mapOpenAIResponse(provider, readResponsesJsonFixture('function-call.response.json'));
    expect(answer.content).toEqual([{ type: 'tool-call', toolCallId: 'call_Qm4zR7tXv2Lp9sNk1HjYw8Bd', toolName: 'get_weather', input: '{"city":"Paris"}' }]);
    expect(answer.finishReason).toBe('tool-calls');
  });

  it('keeps text and parallel calls in output order', () => {
    const answer = mapOpenAIResponse(provider, readResponsesJsonFixture('parallel-function-calls.response.json'));
    expect(answer.content.map((part) => (part.type === 'text' ? part.text : part.type === 'tool-call' ? part.input : part.mediaType))).toEqual(['Let me look both up.', '{"city":"Paris"}', '{"city":"Tokyo"}']);
    expect(answer.finishReason).toBe('tool-calls');
  });

  it('skips reasoning items but counts reasoning and cached tokens', () => {
    const answer = mapOpenAIResponse(provider, readResponsesJsonFixture('reasoning.response.json'));
    expect(answer.content).toEqual([{ type: 'text', text: 'The classic tongue twister...' }]);
    expect(answer.usage).toEqual({ inputTokens: 81, cachedInputTokens: 64, outputTokens: 1035, reasoningTokens: 832 });
  });

  it('maps an incomplete answer cut by max_output_tokens to length', () => {
    const answer = mapOpenAIResponse(provider, readResponsesJsonFixture('incomplete.response.json'));
    expect(answer.finishReason).toBe('length');
    expect(answer.content).toEqual([{ type: 'text', text: 'Once upon a time, in a lighthouse on a cliff, there lived' }]);
  });

  it('turns a refusal into text', () => {
    const response = readResponsesJsonFixture('text.response.json');
    const refused = { ...response, output: [{ id: 'msg_1', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'refusal', refusal: 'I cannot help with that.' }] }] };
    expect(mapOpenAIResponse(provider, refused).content).toEqual([{ type: 'text', text: 'I cannot help with that.' }]);
  });

  it('throws a ProviderError for a failed response, keeping its code', () => {
    const failed = { ...readResponsesJsonFixture('text.response.json'), status: 'failed', output: [], error: { code: 'server_error', message: 'The model failed to generate a response.' } };
    const error = (() => {
      try {
        return mapOpenAIResponse(provider, failed);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'http', isRetryable: true, message: 'openai.responses failed the response (code server_error): The model failed to generate a response.' });
  });

  it('rejects what is not a Response, and malformed function calls, as invalid_response', () => {
    expect(() => mapOpenAIResponse(provider, { object: 'list', data: [] })).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
    const malformed = { ...readResponsesJsonFixture('text.response.json'), output: [{ type: 'function_call', name: 'get_weather', arguments: '{}' }] };
    expect(() => mapOpenAIResponse(provider, malformed)).toThrow(expect.objectContaining({ kind: 'invalid_response', message: 'openai.responses sent a malformed function_call item' }));
  });
});

describe('finish reason and usage', () => {
  it('maps status and incomplete_details', () => {
    const cases: Array<[Parameters<typeof mapOpenAIResponsesFinishReason>[0], boolean, string]> = [
      [{ status: 'completed', incomplete_details: null }, false, 'stop'],
      [{ status: 'completed', incomplete_details: null }, true, 'tool-calls'],
      [{ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } }, true, 'length'],
      [{ status: 'incomplete', incomplete_details: { reason: 'content_filter' } }, false, 'content-filter'],
      [{ status: 'incomplete', incomplete_details: null }, false, 'other'],
      [{ status: 'cancelled', incomplete_details: null }, false, 'other'],
      [{ status: 'failed', incomplete_details: null }, false, 'error'],
    ];
    for (const [response, hasToolCalls, expected] of cases) expect(mapOpenAIResponsesFinishReason(response, hasToolCalls)).toBe(expected);
  });

  it('reads missing usage and details as zero', () => {
    expect(mapOpenAIResponsesUsage(null)).toEqual({ inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 });
    expect(mapOpenAIResponsesUsage({ input_tokens: 5, output_tokens: 7 })).toEqual({ inputTokens: 5, cachedInputTokens: 0, outputTokens: 7, reasoningTokens: 0 });
  });
});
