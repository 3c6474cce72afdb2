import { describe, expect, it } from 'vitest';
import { ProviderError } from '../spec/provider-error.ts';
import { readChatFixtureJson } from '../../../test/kits/providers/openai-compatible/chat-test-kit.ts';
import { mapChatResponse } from './map-chat-response.ts';

const map = (payload: unknown, generateToolCallId?: () => string) => mapChatResponse('srv', payload, { body: JSON.stringify(payload), generateToolCallId });

describe('mapChatResponse', () => {
  it('maps a text answer with its usage', () => {
    expect(map(readChatFixtureJson('openai-text.json'))).toEqual({
      content: [{ type: 'text', text: 'Hello there, friend!' }],
      finishReason: 'stop',
      usage: { inputTokens: 13, cachedInputTokens: 0, outputTokens: 6, reasoningTokens: 0 },
    });
  });

  it('maps a forced tool call that OpenAI finished with stop as tool-calls', () => {
    expect(map(readChatFixtureJson('openai-tool-call.json'))).toEqual({
      content: [{ type: 'tool-call', toolCallId: 'call_Xn1XfZ3wRkq2bP8mVJt9sL4a', toolName: 'get_weather', input: '{"city":"Paris"}' }],
      finishReason: 'tool-calls',
      usage: { inputTokens: 71, cachedInputTokens: 0, outputTokens: 15, reasoningTokens: 0 },
    });
  });

  it('reads cached and reasoning tokens', () => {
    expect(map(readChatFixtureJson('openai-cached-reasoning.json')).usage).toEqual({ inputTokens: 2006, cachedInputTokens: 1920, outputTokens: 312, reasoningTokens: 256 });
  });

  it("maps Ollama's answer: empty content next to tool calls is no text", () => {
    const result = map(readChatFixtureJson('ollama-tool-call.json'));
    expect(result.content).toEqual([{ type: 'tool-call', toolCallId: 'call_y5zzs2gq', toolName: 'get_weather', input: '{"city":"Paris"}' }]);
    expect(result.finishReason).toBe('tool-calls');
    expect(result.usage).toEqual({ inputTokens: 168, cachedInputTokens: 0, outputTokens: 18, reasoningTokens: 0 });
  });

  it('fills in what lenient servers leave out: ids, string arguments, usage', () => {
    const payload = {
      choices: [{ message: { content: 'Checking.', tool_calls: [{ function: { name: 'get_weather', arguments: { city: 'Oslo' } } }, { id: '', function: { name: 'ping', arguments: '' } }] }, finish_reason: null }],
    };
    const ids = ['call_a', 'call_b'];
    expect(map(payload, () => ids.shift() ?? 'none')).toEqual({
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool-call', toolCallId: 'call_a', toolName: 'get_weather', input: '{"city":"Oslo"}' },
        { type: 'tool-call', toolCallId: 'call_b', toolName: 'ping', input: '{}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 },
    });
  });

  it('shows a refusal as text and reads Groq usage under x_groq', () => {
    const result = map({ choices: [{ index: 0, message: { content: null, refusal: 'I cannot help with that.' }, finish_reason: 'stop' }], x_groq: { usage: { prompt_tokens: 5, completion_tokens: 7 } } });
    expect(result.content).toEqual([{ type: 'text', text: 'I cannot help with that.' }]);
    expect(result.usage.outputTokens).toBe(7);
  });

  it('throws the error a 200 answer reports, and invalid_response for what is no completion', () => {
    expect(() => map({ error: { code: 502, message: 'Provider returned error' } })).toThrow(expect.objectContaining({ kind: 'http', status: 502, isRetryable: true }));
    for (const payload of [{ choices: [] }, { id: 'x' }, [1, 2], { choices: [{ message: { tool_calls: [{ function: { arguments: '{}' } }] } }] }]) {
      expect(() => map(payload)).toThrow(ProviderError);
      expect(() => map(payload)).toThrow(expect.objectContaining({ kind: 'invalid_response', isRetryable: false, provider: 'srv' }));
    }
  });
});
