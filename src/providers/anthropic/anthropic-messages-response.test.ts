import { describe, expect, it } from 'vitest';
import { ProviderError } from '../spec/provider-error.ts';
import { mapAnthropicMessagesResponse, mapAnthropicStopReason, mapAnthropicUsage } from './anthropic-messages-response.ts';
import { readAnthropicFixtureJson } from '../../../test/kits/providers/anthropic/anthropic-test-kit.ts';

describe('mapAnthropicMessagesResponse', () => {
  it('reads a text answer', () => {
    expect(mapAnthropicMessagesResponse('anthropic', readAnthropicFixtureJson('message-text.json'))).toEqual({
      content: [{ type: 'text', text: "Hello! I'm doing well, thank you for asking. How can I help you today?" }],
      finishReason: 'stop',
      usage: { inputTokens: 12, cachedInputTokens: 0, outputTokens: 21, reasoningTokens: 0 },
    });
  });

  it('reads text then a tool call, with the input as a JSON string and cache reads counted as input', () => {
    expect(mapAnthropicMessagesResponse('anthropic', readAnthropicFixtureJson('message-tool-use.json'))).toEqual({
      content: [
        { type: 'text', text: "I'll check the current weather in Paris for you." },
        { type: 'tool-call', toolCallId: 'toolu_01A09q90qw90lq917835lq9', toolName: 'get_weather', input: '{"city":"Paris"}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 395 + 1024, cachedInputTokens: 1024, outputTokens: 58, reasoningTokens: 0 },
    });
  });

  it('skips block types outside the spec', () => {
    const answer = mapAnthropicMessagesResponse('anthropic', {
      type: 'message',
      role: 'assistant',
      content: [{ type: 'thinking', thinking: 'hmm', signature: 'x' }, { type: 'text', text: 'ok' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 1, output_tokens: 2 },
    });
    expect(answer.content).toEqual([{ type: 'text', text: 'ok' }]);
  });

  it('rejects answers of another shape as invalid_response', () => {
    for (const json of [{ type: 'message', content: 'nope' }, { type: 'message', role: 'assistant', content: [{ type: 'tool_use', name: 'x' }], usage: {} }]) {
      let error: unknown;
      try {
        mapAnthropicMessagesResponse('anthropic', json);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'invalid_response', isRetryable: false });
    }
  });
});

describe('mapAnthropicStopReason', () => {
  it('maps every documented stop reason', () => {
    expect(['end_turn', 'stop_sequence', 'max_tokens', 'model_context_window_exceeded', 'tool_use', 'refusal', 'pause_turn', null, 'new_reason'].map(mapAnthropicStopReason)).toEqual([
      'stop',
      'stop',
      'length',
      'length',
      'tool-calls',
      'content-filter',
      'other',
      'other',
      'other',
    ]);
  });
});

describe('mapAnthropicUsage', () => {
  it('adds cache writes and reads to the input tokens', () => {
    expect(mapAnthropicUsage({ input_tokens: 10, cache_creation_input_tokens: 5, cache_read_input_tokens: 100, output_tokens: 7 })).toEqual({
      inputTokens: 115,
      cachedInputTokens: 100,
      outputTokens: 7,
      reasoningTokens: 0,
    });
    expect(mapAnthropicUsage(undefined)).toEqual({ inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 });
  });

  it('reads thinking tokens when a model reports them apart, as part of the output', () => {
    expect(mapAnthropicUsage({ input_tokens: 6, output_tokens: 198, output_tokens_details: { thinking_tokens: 120 } })).toEqual({
      inputTokens: 6,
      cachedInputTokens: 0,
      outputTokens: 198,
      reasoningTokens: 120,
    });
  });
});
