import { describe, expect, it } from 'vitest';
import { splitIntoChunks } from '../../../test/support/fake-http-server.ts';
import { readSse } from '../shared/read-sse.ts';
import { streamBody } from '../../../test/kits/providers/shared/testing/streams.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { mapAnthropicMessagesStream } from './anthropic-messages-stream.ts';
import { readAnthropicFixture } from '../../../test/kits/providers/anthropic/anthropic-test-kit.ts';

async function collect(chunks: string[], options: { failure?: Error; abortSignal?: AbortSignal } = {}): Promise<LanguageModelStreamPart[]> {
  const parts: LanguageModelStreamPart[] = [];
  const messages = readSse(streamBody(chunks, options.failure));
  for await (const part of mapAnthropicMessagesStream(messages, { provider: 'anthropic', abortSignal: options.abortSignal ?? new AbortController().signal })) parts.push(part);
  return parts;
}

const failure = (promise: Promise<unknown>) => promise.then(() => new Error('expected a rejection'), (error: unknown) => error);
const event = (data: Record<string, unknown>) => `event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`;
const textStream = readAnthropicFixture('stream-text.sse');
const toolStream = readAnthropicFixture('stream-tool-use.sse');

describe('mapAnthropicMessagesStream', () => {
  it('streams text deltas and one finish, split every 6 bytes', async () => {
    const parts = await collect(splitIntoChunks(textStream, 6));
    expect(parts).toEqual([
      { type: 'text-delta', delta: 'Hello' },
      { type: 'text-delta', delta: "! I'm doing well, thank you for asking" },
      { type: 'text-delta', delta: '. How can I help you today?' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 12, cachedInputTokens: 0, outputTokens: 21, reasoningTokens: 0 } },
    ]);
  });

  it('joins a tool call from its input_json_delta pieces and emits it at content_block_stop', async () => {
    const parts = await collect(splitIntoChunks(toolStream, 6));
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'text-delta', 'tool-call', 'finish']);
    expect(parts[2]).toEqual({ type: 'tool-call', toolCallId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', toolName: 'get_weather', input: '{"city": "Paris"}' });
    // Input counts from message_start survive a message_delta that only reports output tokens.
    expect(parts[3]).toEqual({ type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 472 + 1024, cachedInputTokens: 1024, outputTokens: 89, reasoningTokens: 0 } });
  });

  it('keeps interleaved blocks apart by index and gives an argument-less tool {}', async () => {
    const parts = await collect([
      event({ type: 'message_start', message: { usage: { input_tokens: 3, output_tokens: 1 } } }),
      event({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_a', name: 'a', input: {} } }),
      event({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_b', name: 'b', input: {} } }),
      event({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"x":' } }),
      event({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } }),
      event({ type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '1}' } }),
      event({ type: 'content_block_stop', index: 1 }),
      event({ type: 'content_block_stop', index: 0 }),
      event({ type: 'content_block_start', index: 2, content_block: { type: 'thinking', thinking: '' } }),
      event({ type: 'content_block_delta', index: 2, delta: { type: 'thinking_delta', thinking: 'hmm' } }),
      event({ type: 'content_block_stop', index: 2 }),
      event({ type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } }),
      event({ type: 'message_stop' }),
    ]);
    expect(parts.slice(0, 2)).toEqual([
      { type: 'tool-call', toolCallId: 'toolu_b', toolName: 'b', input: '{"x":1}' },
      { type: 'tool-call', toolCallId: 'toolu_a', toolName: 'a', input: '{}' },
    ]);
    expect(parts).toHaveLength(3);
  });

  it('rejects an error event with a ProviderError that says whether a retry may help', async () => {
    const error = await failure(collect([readAnthropicFixture('stream-error-overloaded.sse')]));
    expect(error).toMatchObject({ name: 'ProviderError', kind: 'http', isRetryable: true, message: 'anthropic reported an error mid-stream: overloaded_error: Overloaded' });
    const fatal = await failure(collect([event({ type: 'error', error: { type: 'invalid_request_error', message: 'bad' } })]));
    expect(fatal).toMatchObject({ isRetryable: false });
  });

  it('rejects a body that ends before message_stop as invalid_response', async () => {
    const cut = textStream.slice(0, textStream.indexOf('event: message_stop'));
    await expect(collect([cut])).rejects.toMatchObject({ kind: 'invalid_response', message: 'anthropic stream ended before message_stop' });
  });

  it('rejects a connection cut mid-stream as invalid_response', async () => {
    const error = await failure(collect([textStream.slice(0, 600)], { failure: new TypeError('terminated') }));
    expect(error).toMatchObject({ kind: 'invalid_response', message: 'anthropic stream broke off before message_stop' });
  });

  it('rejects malformed event JSON and malformed events', async () => {
    await expect(collect(['event: message_start\ndata: {"type":"message_start",\n\n'])).rejects.toMatchObject({ kind: 'invalid_response', message: 'anthropic sent a stream event that is not JSON' });
    await expect(collect([event({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'x' } })])).rejects.toMatchObject({ kind: 'invalid_response' });
  });

  it('rejects with the abort reason once aborted, and cancels the body', async () => {
    const controller = new AbortController();
    const reason = new Error('client left');
    const stream = streamBody([textStream.slice(0, textStream.indexOf('event: content_block_stop'))], 'stay-open');
    const iterator = mapAnthropicMessagesStream(readSse(stream), { provider: 'anthropic', abortSignal: controller.signal });
    expect((await iterator.next()).value).toEqual({ type: 'text-delta', delta: 'Hello' });
    controller.abort(reason);
    await expect(iterator.next()).rejects.toBe(reason);
    expect(stream.cancelled()).toBe(true);
  });
});
