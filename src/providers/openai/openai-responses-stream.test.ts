import { describe, expect, it } from 'vitest';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { readResponsesFixtureEvents } from '../../../test/kits/providers/openai/openai-responses-fake-server.ts';
import { OpenAIResponsesStreamMapper } from './openai-responses-stream.ts';

const provider = 'openai.responses';

function mapAll(events: Array<{ payload: unknown; data: string }>): { parts: LanguageModelStreamPart[]; finished: boolean } {
  const mapper = new OpenAIResponsesStreamMapper(provider);
  const parts = events.flatMap(({ payload, data }) => mapper.map(payload, data));
  return { parts, finished: mapper.finished };
}

const event = (payload: Record<string, unknown>) => ({ payload, data: JSON.stringify(payload) });

describe('OpenAIResponsesStreamMapper', () => {
  it('maps text deltas, then one finish with usage', () => {
    const { parts, finished } = mapAll(readResponsesFixtureEvents('text.stream.sse'));
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.delta)).toEqual(['Hello', ' there', '!', ' Nice', ' to', ' meet', ' you', '.']);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 13, cachedInputTokens: 0, outputTokens: 8, reasoningTokens: 0 } });
    expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
    expect(finished).toBe(true);
  });

  it('emits a streamed function call once, whole, and finishes with tool-calls', () => {
    const { parts } = mapAll(readResponsesFixtureEvents('function-call.stream.sse'));
    expect(parts).toEqual([
      { type: 'tool-call', toolCallId: 'call_Qm4zR7tXv2Lp9sNk1HjYw8Bd', toolName: 'get_weather', input: '{"city":"Paris"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 64, cachedInputTokens: 0, outputTokens: 15, reasoningTokens: 0 } },
    ]);
  });

  it('uses the gathered argument deltas when the done item carries none', () => {
    const events = readResponsesFixtureEvents('function-call.stream.sse').map(({ payload }) => {
      if (payload.type !== 'response.output_item.done' && payload.type !== 'response.completed') return event(payload);
      if (payload.type === 'response.completed') return event({ ...payload, response: { ...(payload.response as object), output: [] } });
      const { arguments: _dropped, ...item } = payload.item as Record<string, unknown>;
      return event({ ...payload, item });
    });
    const withoutDone = events.filter(({ payload }) => payload.type !== 'response.function_call_arguments.done');
    expect(mapAll(withoutDone).parts[0]).toMatchObject({ type: 'tool-call', input: '{"city":"Paris"}' });
  });

  it('emits calls that only the final response lists', () => {
    const events = readResponsesFixtureEvents('function-call.stream.sse').filter(({ payload }) => payload.type !== 'response.output_item.done');
    expect(mapAll(events).parts.map((part) => part.type)).toEqual(['tool-call', 'finish']);
  });

  it('finishes with length on response.incomplete', () => {
    const response = { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [], usage: { input_tokens: 3, output_tokens: 16 } };
    const { parts } = mapAll([event({ type: 'response.output_text.delta', delta: 'Once' }), event({ type: 'response.incomplete', response })]);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length', usage: { outputTokens: 16 } });
  });

  it('throws on response.failed and on an error event', () => {
    expect(() => mapAll(readResponsesFixtureEvents('failed.stream.sse'))).toThrow(
      expect.objectContaining({ name: 'ProviderError', message: 'openai.responses failed the response (code server_error): The model failed to generate a response.' }),
    );
    expect(() => mapAll(readResponsesFixtureEvents('error.stream.sse'))).toThrow(expect.objectContaining({ name: 'ProviderError', kind: 'http' }));
  });

  it('treats malformed known events as invalid_response and skips unknown ones', () => {
    expect(() => mapAll([event({ type: 'response.output_text.delta' })])).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
    expect(() => mapAll([event({ no: 'type' })])).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
    expect(mapAll([event({ type: 'response.reasoning_summary_text.delta', delta: 'thinking' })]).parts).toEqual([]);
  });

  it('ignores events after the terminal one', () => {
    const mapper = new OpenAIResponsesStreamMapper(provider);
    for (const { payload, data } of readResponsesFixtureEvents('text.stream.sse')) mapper.map(payload, data);
    expect(mapper.map({ type: 'response.output_text.delta', delta: 'late' }, '')).toEqual([]);
  });
});
