import { describe, expect, it } from 'vitest';
import { ProviderError } from '../spec/provider-error.ts';
import { readSse } from '../shared/read-sse.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { collect, readChatFixture, sseMessagesOf } from '../../../test/kits/providers/openai-compatible/chat-test-kit.ts';
import { readChatStream } from './read-chat-stream.ts';

function read(payload: string, abortSignal = new AbortController().signal): Promise<LanguageModelStreamPart[]> {
  return collect(readChatStream(sseMessagesOf(payload), { provider: 'srv', abortSignal, generateToolCallId: () => 'call_generated' }));
}

async function failure(payload: string): Promise<unknown> {
  return read(payload).then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );
}

const text = (parts: LanguageModelStreamPart[]) => parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
const calls = (parts: LanguageModelStreamPart[]) => parts.filter((part) => part.type === 'tool-call');

describe('readChatStream over recorded streams', () => {
  it('reads OpenAI text with the usage chunk after the finish chunk', async () => {
    const parts = await read(readChatFixture('openai-text.sse'));
    expect(text(parts)).toBe('Hello there, friend!');
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 13, cachedInputTokens: 0, outputTokens: 6, reasoningTokens: 0 } });
  });

  it('reads tool calls from OpenAI pieces, Ollama wholes, parallel calls and Groq', async () => {
    expect(calls(await read(readChatFixture('openai-tool-call.sse')))).toEqual([{ type: 'tool-call', toolCallId: 'call_Xn1XfZ3wRkq2bP8mVJt9sL4a', toolName: 'get_weather', input: '{"city":"Paris"}' }]);
    expect(calls(await read(readChatFixture('ollama-tool-call.sse')))).toEqual([{ type: 'tool-call', toolCallId: 'call_y5zzs2gq', toolName: 'get_weather', input: '{"city":"Paris"}' }]);
    for (const name of ['openai-parallel-tool-calls.sse', 'ollama-parallel-tool-calls.sse']) {
      const parts = await read(readChatFixture(name));
      expect(calls(parts).map((call) => JSON.parse(call.input) as unknown)).toEqual([{ city: 'Paris' }, { city: 'Tokyo' }]);
      expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'tool-calls' });
    }
    const groq = await read(readChatFixture('groq-tool-call.sse'));
    expect(calls(groq)).toEqual([{ type: 'tool-call', toolCallId: 'call_yfeq', toolName: 'get_weather', input: '{"city": "Paris"}' }]);
    expect(groq.at(-1)).toMatchObject({ usage: { inputTokens: 218, outputTokens: 17 } });
  });

  it('skips OpenRouter keep-alive comments', async () => {
    const parts = await read(readChatFixture('openrouter-text.sse'));
    expect(text(parts)).toBe('Hello there, friend!');
    expect(parts.at(-1)).toMatchObject({ finishReason: 'stop', usage: { inputTokens: 13, outputTokens: 6 } });
  });

  it('ends with exactly one finish part, after the tool calls', async () => {
    const parts = await read(readChatFixture('openai-parallel-tool-calls.sse'));
    expect(parts.map((part) => part.type)).toEqual(['tool-call', 'tool-call', 'finish']);
  });
});

describe('readChatStream endings and errors', () => {
  const body = readChatFixture('openai-text.sse');
  const withoutDone = body.replace('data: [DONE]\n\n', '');

  it('accepts a server that closes after the finish_reason without [DONE]', async () => {
    expect(text(await read(withoutDone))).toBe('Hello there, friend!');
  });

  it('fails with invalid_response when the body ends with neither finish_reason nor [DONE]', async () => {
    const cut = body.slice(0, body.indexOf('"finish_reason":"stop"'));
    const error = await failure(cut.slice(0, cut.lastIndexOf('data:')));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'invalid_response', isRetryable: false, message: 'srv stream ended before the answer was complete (no finish_reason, no [DONE])' });
  });

  it('throws the error an event reports: OpenAI, OpenRouter, vLLM', async () => {
    expect(await failure(readChatFixture('openai-stream-error.sse'))).toMatchObject({ kind: 'http', message: 'srv reported an error: The server had an error while processing your request. Sorry about that!' });
    expect(await failure(readChatFixture('openrouter-stream-error.sse'))).toMatchObject({ kind: 'http', status: 502, isRetryable: true });
    expect(await failure('data: {"object":"error","message":"max_tokens is too large","type":"BadRequestError","param":null,"code":400}\n\n')).toMatchObject({ status: 400 });
  });

  it('fails with invalid_response for events that are not JSON or not chunks', async () => {
    expect(await failure('data: {"choices": [\n\n')).toMatchObject({ kind: 'invalid_response', message: 'srv streamed an event that is not JSON', body: '{"choices": [' });
    expect(await failure('data: {"choices": "many"}\n\n')).toMatchObject({ kind: 'invalid_response', message: 'srv streamed an event that is not a chat completion chunk' });
  });

  it('rejects with the abort reason before the next part once aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('client left');
    const iterator = readChatStream(sseMessagesOf(body), { provider: 'srv', abortSignal: controller.signal })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: 'text-delta', delta: 'Hello' });
    controller.abort(reason);
    await expect(iterator.next()).rejects.toBe(reason);
  });

  it('reports a body that breaks off as invalid_response, and a body failing with a ProviderError by that error', async () => {
    const broken = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n'));
        controller.error(new TypeError('terminated'));
      },
    });
    const error = await collect(readChatStream(readSse(broken), { provider: 'srv', abortSignal: new AbortController().signal })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'invalid_response', message: 'srv stream broke off before the answer was complete' });
    expect((error as Error).cause).toBeInstanceOf(TypeError);

    // fetchWithRetry's idle watch errors the body with its timeout ProviderError.
    const timedOut = new ProviderError({ provider: 'srv', kind: 'timeout', message: 'quiet' });
    const silent = new ReadableStream<Uint8Array>({ start: (controller) => controller.error(timedOut) });
    expect(await collect(readChatStream(readSse(silent), { provider: 'srv', abortSignal: new AbortController().signal })).catch((caught: unknown) => caught)).toBe(timedOut);
  });
});
