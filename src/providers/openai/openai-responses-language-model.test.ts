import { describe, expect, it } from 'vitest';
import { type FakeHandler, splitIntoChunks } from '../../../test/support/fake-http-server.ts';
import { contractCallOptions } from '../../../test/kits/providers/contract/language-model.contract.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { fakeProviderPerTest, recordingSettings } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { collect } from '../../../test/kits/providers/shared/testing/streams.ts';
import type { LanguageModelCallOptions, LanguageModelStreamPart, LanguageModelTool } from '../spec/language-model.ts';
import { readResponsesFixture, readResponsesJsonFixture, streamReply } from '../../../test/kits/providers/openai/openai-responses-fake-server.ts';
import { createOpenAIResponsesLanguageModel } from './openai-responses-language-model.ts';

const startFake = fakeProviderPerTest();

async function modelAgainst(handler: FakeHandler, sleeps: number[] = []) {
  const { server } = await startFake(handler);
  const settings = recordingSettings(`${server.url}/v1/`, sleeps, { headers: { authorization: 'Bearer sk-test-123' } });
  return { model: createOpenAIResponsesLanguageModel('gpt-4.1', settings), server };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );
}

const weather: LanguageModelTool = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'], additionalProperties: false },
};
const textOptions = (overrides: Partial<LanguageModelCallOptions> = {}) =>
  contractCallOptions({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Say hello in a few words.' }] }], ...overrides });
const toolOptions = () =>
  contractCallOptions({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] }],
    tools: [weather],
    toolChoice: { type: 'tool', toolName: 'get_weather' },
  });

describe('openai.responses doGenerate', () => {
  it('posts the request to /responses with the configured headers and maps a text answer', async () => {
    const { model, server } = await modelAgainst(() => ({ json: readResponsesJsonFixture('text.response.json') }));
    const result = await model.doGenerate(textOptions());
    const [request] = server.requests;
    expect([request?.method, request?.url]).toEqual(['POST', '/v1/responses']);
    expect(request?.headers).toMatchObject({ authorization: 'Bearer sk-test-123', 'content-type': 'application/json' });
    expect(request?.json()).toEqual(readResponsesJsonFixture('text.request.json'));
    expect(result).toEqual({
      content: [{ type: 'text', text: 'Hello there! Nice to meet you.' }],
      finishReason: 'stop',
      usage: { inputTokens: 13, cachedInputTokens: 0, outputTokens: 8, reasoningTokens: 0 },
      warnings: [],
    });
  });

  it('sends the tools and maps a function call', async () => {
    const { model, server } = await modelAgainst(() => ({ json: readResponsesJsonFixture('function-call.response.json') }));
    const result = await model.doGenerate(toolOptions());
    expect(server.requests[0]?.json()).toEqual(readResponsesJsonFixture('function-call.request.json'));
    expect(result.content).toEqual([{ type: 'tool-call', toolCallId: 'call_Qm4zR7tXv2Lp9sNk1HjYw8Bd', toolName: 'get_weather', input: '{"city":"Paris"}' }]);
    expect(result.finishReason).toBe('tool-calls');
  });

  it('maps usage with cached and reasoning tokens, and returns the request warnings', async () => {
    const { model, server } = await modelAgainst(() => ({ json: readResponsesJsonFixture('reasoning.response.json') }));
    const result = await model.doGenerate(textOptions({ maxOutputTokens: 5 }));
    expect(server.requests[0]?.json()).toMatchObject({ max_output_tokens: 16 });
    expect(result.usage).toEqual({ inputTokens: 81, cachedInputTokens: 64, outputTokens: 1035, reasoningTokens: 832 });
    expect(result.warnings.map((warning) => warning.setting)).toEqual(['maxOutputTokens']);
  });

  it('waits as Retry-After says on 429, then succeeds', async () => {
    const sleeps: number[] = [];
    const { model, server } = await modelAgainst(
      (_request, index) =>
        index === 0
          ? { status: 429, headers: { 'retry-after': '2', 'content-type': 'application/json' }, body: readResponsesFixture('error-rate-limit.json') }
          : { json: readResponsesJsonFixture('text.response.json') },
      sleeps,
    );
    expect((await model.doGenerate(textOptions())).finishReason).toBe('stop');
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it('retries a 500 with backoff, then succeeds', async () => {
    const sleeps: number[] = [];
    const { model, server } = await modelAgainst(
      (_request, index) => (index === 0 ? { status: 500, json: readResponsesJsonFixture('error-server-error.json') } : { json: readResponsesJsonFixture('text.response.json') }),
      sleeps,
    );
    await expect(model.doGenerate(textOptions())).resolves.toMatchObject({ finishReason: 'stop' });
    expect(server.requests).toHaveLength(2);
    expect(sleeps).toEqual([500]);
  });

  it('gives up after the retries with a ProviderError that keeps status, body and the error fields', async () => {
    const { model, server } = await modelAgainst(() => ({ status: 429, json: readResponsesJsonFixture('error-rate-limit.json') }));
    const error = await rejection(model.doGenerate(textOptions()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'openai.responses', kind: 'http', status: 429, isRetryable: true, body: JSON.stringify(readResponsesJsonFixture('error-rate-limit.json')) });
    expect((error as Error).message).toContain('(tokens, code rate_limit_exceeded)');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a 400', async () => {
    const { model, server } = await modelAgainst(() => ({ status: 400, json: readResponsesJsonFixture('error-invalid-request.json') }));
    await expect(model.doGenerate(textOptions())).rejects.toMatchObject({ status: 400, message: expect.stringContaining('param max_output_tokens') });
    expect(server.requests).toHaveLength(1);
  });

  it('rejects malformed JSON as a ProviderError', async () => {
    const { model } = await modelAgainst(() => ({ headers: { 'content-type': 'application/json' }, body: '{"id":"resp_1","output":[' }));
    await expect(model.doGenerate(textOptions())).rejects.toMatchObject({ name: 'ProviderError', kind: 'invalid_response', isRetryable: false });
  });

  it('rejects with the abort reason, before sending or while waiting', async () => {
    const { model, server } = await modelAgainst(() => ({ hang: true }));
    const early = new AbortController();
    const earlyReason = new Error('already gone');
    early.abort(earlyReason);
    expect(await rejection(model.doGenerate(textOptions({ abortSignal: early.signal })))).toBe(earlyReason);
    expect(server.requests).toHaveLength(0);

    const controller = new AbortController();
    const reason = new Error('client went away');
    const pending = model.doGenerate(textOptions({ abortSignal: controller.signal }));
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort(reason);
    expect(await rejection(pending)).toBe(reason);
  });
});

describe('openai.responses doStream', () => {
  it('streams text from events split across chunks', async () => {
    const { model, server } = await modelAgainst(() => streamReply('text.stream.sse'));
    const { stream, warnings } = await model.doStream(textOptions());
    const parts = await collect(stream);
    expect(server.requests[0]?.json()).toEqual({ ...readResponsesJsonFixture('text.request.json'), stream: true });
    expect(server.requests[0]?.headers).toMatchObject({ authorization: 'Bearer sk-test-123', accept: 'text/event-stream' });
    expect(warnings).toEqual([]);
    expect(parts.map((part) => (part.type === 'text-delta' ? part.delta : part.type))).toEqual(['Hello', ' there', '!', ' Nice', ' to', ' meet', ' you', '.', 'finish']);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 13, cachedInputTokens: 0, outputTokens: 8, reasoningTokens: 0 } });
  });

  it('streams a function call assembled from argument deltas', async () => {
    const { model } = await modelAgainst(() => streamReply('function-call.stream.sse'));
    const parts = await collect((await model.doStream(toolOptions())).stream);
    expect(parts).toEqual([
      { type: 'tool-call', toolCallId: 'call_Qm4zR7tXv2Lp9sNk1HjYw8Bd', toolName: 'get_weather', input: '{"city":"Paris"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 64, cachedInputTokens: 0, outputTokens: 15, reasoningTokens: 0 } },
    ]);
  });

  it('retries before the stream starts (429 with Retry-After, then 500)', async () => {
    const sleeps: number[] = [];
    const { model, server } = await modelAgainst((_request, index) => {
      if (index === 0) return { status: 429, headers: { 'retry-after': '1' }, json: readResponsesJsonFixture('error-rate-limit.json') };
      if (index === 1) return { status: 500, json: readResponsesJsonFixture('error-server-error.json') };
      return streamReply('text.stream.sse');
    }, sleeps);
    const parts = await collect((await model.doStream(textOptions())).stream);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('rejects doStream itself when the request fails', async () => {
    const { model } = await modelAgainst(() => ({ status: 400, json: readResponsesJsonFixture('error-invalid-request.json') }));
    await expect(model.doStream(textOptions())).rejects.toMatchObject({ name: 'ProviderError', status: 400 });
  });

  it('throws invalid_response when the stream ends before response.completed', async () => {
    const events = readResponsesFixture('text.stream.sse');
    const truncated = events.slice(0, events.indexOf('event: response.completed'));
    const { model } = await modelAgainst(() => ({ chunks: splitIntoChunks(truncated, 7) }));
    const { stream } = await model.doStream(textOptions());
    const parts: LanguageModelStreamPart[] = [];
    const error = await rejection((async () => {
      for await (const part of stream) parts.push(part);
    })());
    expect(error).toMatchObject({ name: 'ProviderError', kind: 'invalid_response', message: 'openai.responses stream ended before response.completed' });
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(8);
  });

  it('throws invalid_response when the connection breaks mid-stream', async () => {
    const events = readResponsesFixture('text.stream.sse');
    const { model } = await modelAgainst(() => ({ chunks: splitIntoChunks(events.slice(0, 2000), 7), destroyAfter: true }));
    const { stream } = await model.doStream(textOptions());
    await expect(collect(stream)).rejects.toMatchObject({ name: 'ProviderError', kind: 'invalid_response' });
  });

  it('throws invalid_response for an event that is not JSON', async () => {
    const { model } = await modelAgainst(() => ({ chunks: ['event: response.created\ndata: {"type":"response.cre\n\n'] }));
    const { stream } = await model.doStream(textOptions());
    await expect(collect(stream)).rejects.toMatchObject({ kind: 'invalid_response', message: 'openai.responses sent a stream event that is not JSON' });
  });

  it('throws a ProviderError on response.failed and on an error event', async () => {
    for (const fixture of ['failed.stream.sse', 'error.stream.sse']) {
      const { model } = await modelAgainst(() => streamReply(fixture));
      const { stream } = await model.doStream(textOptions());
      await expect(collect(stream)).rejects.toMatchObject({ name: 'ProviderError', kind: 'http' });
    }
  });

  it('rejects with the abort reason when aborted mid-stream, and stops reading', async () => {
    const { model } = await modelAgainst(() => streamReply('text.stream.sse'));
    const controller = new AbortController();
    const reason = new Error('stopped by the user');
    const { stream } = await model.doStream(textOptions({ abortSignal: controller.signal }));
    const iterator = stream[Symbol.asyncIterator]();
    expect(await iterator.next()).toMatchObject({ value: { type: 'text-delta', delta: 'Hello' } });
    controller.abort(reason);
    expect(await rejection(iterator.next())).toBe(reason);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });
});
