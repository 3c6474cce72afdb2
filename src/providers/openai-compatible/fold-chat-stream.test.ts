import { describe, expect, it } from 'vitest';
import type { ChatCompletionChunk } from './chat-completions-wire.ts';
import { createChatStreamFolder } from './fold-chat-stream.ts';

type Delta = NonNullable<NonNullable<ChatCompletionChunk['choices']>[number]['delta']>;
const delta = (value: Delta, finish: string | null = null): ChatCompletionChunk => ({ choices: [{ index: 0, delta: value, finish_reason: finish }] });
const toolDelta = (calls: NonNullable<Delta['tool_calls']>, finish: string | null = null) => delta({ tool_calls: calls }, finish);

function fold(chunks: ChatCompletionChunk[], ids: string[] = []) {
  const folder = createChatStreamFolder({ provider: 'srv', generateToolCallId: () => ids.shift() ?? 'call_generated' });
  const early = chunks.flatMap((chunk) => folder.push(chunk));
  return { early, late: folder.end(), finished: folder.finished };
}

describe('createChatStreamFolder', () => {
  it('streams text at once and skips empty deltas', () => {
    const { early, late, finished } = fold([delta({ content: '' }), delta({ content: 'Hel' }), delta({ content: 'lo' }), delta({}, 'stop')]);
    expect(early).toEqual([{ type: 'text-delta', delta: 'Hel' }, { type: 'text-delta', delta: 'lo' }]);
    expect(finished).toBe(true);
    expect(late).toEqual([{ type: 'finish', finishReason: 'stop', usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 } }]);
  });

  it('puts interleaved argument pieces together per index, in the order the calls began', () => {
    const { early, late } = fold([
      toolDelta([{ index: 0, id: 'call_a', function: { name: 'get_weather', arguments: '' } }]),
      toolDelta([{ index: 1, id: 'call_b', function: { name: 'get_time', arguments: '{"zo' } }]),
      toolDelta([{ index: 0, function: { arguments: '{"city":' } }]),
      toolDelta([{ index: 1, function: { arguments: 'ne":"CET"}' } }, { index: 0, function: { arguments: '"Paris"}' } }]),
      delta({}, 'tool_calls'),
    ]);
    expect(early).toEqual([]);
    expect(late.slice(0, 2)).toEqual([
      { type: 'tool-call', toolCallId: 'call_a', toolName: 'get_weather', input: '{"city":"Paris"}' },
      { type: 'tool-call', toolCallId: 'call_b', toolName: 'get_time', input: '{"zone":"CET"}' },
    ]);
    expect(late[2]).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
  });

  it('starts a new call when an index comes back with a new id (Ollama numbers every call 0)', () => {
    const { late } = fold([
      toolDelta([{ index: 0, id: 'call_1', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }]),
      toolDelta([{ index: 0, id: 'call_2', function: { name: 'get_weather', arguments: '{"city":"Tokyo"}' } }]),
      delta({}, 'tool_calls'),
    ]);
    expect(late.filter((part) => part.type === 'tool-call').map((part) => [part.toolCallId, part.input])).toEqual([
      ['call_1', '{"city":"Paris"}'],
      ['call_2', '{"city":"Tokyo"}'],
    ]);
  });

  it('keeps one call when a server repeats its id and name in every delta', () => {
    const { late } = fold([
      toolDelta([{ index: 0, id: 'call_1', function: { name: 'get_weather', arguments: '{"city":' } }]),
      toolDelta([{ index: 0, id: 'call_1', function: { name: 'get_weather', arguments: '"Rome"}' } }]),
      delta({}, 'tool_calls'),
    ]);
    expect(late[0]).toEqual({ type: 'tool-call', toolCallId: 'call_1', toolName: 'get_weather', input: '{"city":"Rome"}' });
    expect(late).toHaveLength(2);
  });

  it('reads calls without index by position and without id by generating one', () => {
    const { late } = fold(
      [toolDelta([{ function: { name: 'a', arguments: { x: 1 } } }, { function: { name: 'b', arguments: null } }]), delta({}, 'stop')],
      ['call_x', 'call_y'],
    );
    expect(late.slice(0, 2)).toEqual([
      { type: 'tool-call', toolCallId: 'call_x', toolName: 'a', input: '{"x":1}' },
      { type: 'tool-call', toolCallId: 'call_y', toolName: 'b', input: '{}' },
    ]);
    // Ollama before ollama/ollama#7963 finished tool calls with stop.
    expect(late[2]).toMatchObject({ finishReason: 'tool-calls' });
  });

  it('takes usage from the last chunk carrying it, or from x_groq', () => {
    const usage = { prompt_tokens: 9, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 1 } };
    expect(fold([delta({ content: 'x' }, 'stop'), { choices: [], usage }]).late).toEqual([
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 9, cachedInputTokens: 4, outputTokens: 3, reasoningTokens: 1 } },
    ]);
    expect(fold([{ ...delta({}, 'stop'), usage: null, x_groq: { usage: { prompt_tokens: 2, completion_tokens: 5 } } }]).late[0]).toMatchObject({ usage: { inputTokens: 2, outputTokens: 5 } });
  });

  it('ignores other choices and knows when no finish_reason came', () => {
    const { early, finished } = fold([{ choices: [{ index: 1, delta: { content: 'other' }, finish_reason: 'stop' }, { index: 0, delta: { content: 'mine' } }] }]);
    expect(early).toEqual([{ type: 'text-delta', delta: 'mine' }]);
    expect(finished).toBe(false);
  });

  it('refuses a tool call that never got a name', () => {
    expect(() => fold([toolDelta([{ index: 0, id: 'call_1', function: { arguments: '{}' } }]), delta({}, 'tool_calls')])).toThrow(
      expect.objectContaining({ kind: 'invalid_response', message: 'srv streamed a tool call without a name' }),
    );
  });
});
