import { describe, expect, it } from 'vitest';
import { readChatErrorPayload } from './chat-errors.ts';
import { toolCallInput } from './chat-tool-call-input.ts';
import { mapChatFinishReason } from './map-chat-finish-reason.ts';
import { mapChatUsage } from './map-chat-usage.ts';

describe('mapChatFinishReason', () => {
  it('maps every documented reason, letting tool calls win over stop and over none', () => {
    expect(mapChatFinishReason('stop', false)).toBe('stop');
    expect(mapChatFinishReason('stop', true)).toBe('tool-calls');
    expect(mapChatFinishReason('length', true)).toBe('length');
    expect(mapChatFinishReason('tool_calls', false)).toBe('tool-calls');
    expect(mapChatFinishReason('function_call', false)).toBe('tool-calls');
    expect(mapChatFinishReason('content_filter', false)).toBe('content-filter');
    expect(mapChatFinishReason('error', true)).toBe('error');
    expect(mapChatFinishReason(null, false)).toBe('other');
    expect(mapChatFinishReason(undefined, true)).toBe('tool-calls');
    expect(mapChatFinishReason('end_turn', false)).toBe('other');
  });
});

describe('mapChatUsage', () => {
  it('reads details and turns missing or odd counts into non-negative integers', () => {
    expect(mapChatUsage({ prompt_tokens: 10, completion_tokens: 4, prompt_tokens_details: { cached_tokens: 8 }, completion_tokens_details: { reasoning_tokens: 2 } })).toEqual({
      inputTokens: 10,
      cachedInputTokens: 8,
      outputTokens: 4,
      reasoningTokens: 2,
    });
    expect(mapChatUsage(undefined)).toEqual({ inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 });
    expect(mapChatUsage({ prompt_tokens: -3, completion_tokens: 2.6, prompt_tokens_details: null })).toEqual({ inputTokens: 0, cachedInputTokens: 0, outputTokens: 3, reasoningTokens: 0 });
  });
});

describe('toolCallInput', () => {
  it('keeps strings, serializes objects, and reads nothing as {}', () => {
    expect(toolCallInput('{"a":1}')).toBe('{"a":1}');
    expect(toolCallInput({ a: 1 })).toBe('{"a":1}');
    expect(toolCallInput('  ')).toBe('{}');
    expect(toolCallInput(null)).toBe('{}');
  });
});

describe('readChatErrorPayload', () => {
  it('reads the OpenAI, string and vLLM shapes, and ignores chunks', () => {
    expect(readChatErrorPayload('openai.chat', { error: { message: 'The server had an error', type: 'server_error', code: null } }, 'b')).toMatchObject({
      kind: 'http',
      status: undefined,
      isRetryable: false,
      body: 'b',
      message: 'openai.chat reported an error: The server had an error',
    });
    expect(readChatErrorPayload('openrouter', { error: { code: 429, message: 'Rate limited' } }, '')).toMatchObject({ status: 429, isRetryable: true });
    expect(readChatErrorPayload('ollama', { error: 'model is loading' }, '')?.message).toBe('ollama reported an error: model is loading');
    expect(readChatErrorPayload('vllm', { object: 'error', message: 'This model\'s maximum context length is 4096 tokens.', type: 'BadRequestError', code: 400 }, '')).toMatchObject({ status: 400, isRetryable: false });
    expect(readChatErrorPayload('x', { choices: [] }, '')).toBeUndefined();
    expect(readChatErrorPayload('x', 'text', '')).toBeUndefined();
  });
});
