import { afterEach, describe, expect, it, vi } from 'vitest';
import { type FakeHandler, splitIntoChunks } from '../../../test/support/fake-http-server.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { type ProviderSettings, providerSettings } from '../shared/provider-settings.ts';
import { fetchUpstreamHttp } from '../shared/fetch-upstream-http.ts';
import { fakeProviderPerTest } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { callOptions, collect, fixtureReply, readChatFixture, readChatFixtureJson } from '../../../test/kits/providers/openai-compatible/chat-test-kit.ts';
import { createOpenAICompatibleLanguageModel } from './openai-compatible-language-model.ts';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible-presets.ts';

afterEach(() => {
  vi.useRealTimers();
});
const startFake = fakeProviderPerTest();

async function modelAgainst(handler: FakeHandler, overrides: Partial<ProviderSettings> = {}) {
  const { server, settings, sleeps } = await startFake(handler, { basePath: '/v1', ...overrides });
  return { model: createOpenAICompatibleLanguageModel('gpt-4.1', settings, OPENAI_COMPATIBLE_PRESETS.openai), requests: server.requests, sleeps };
}

function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('retries', () => {
  it('waits as Retry-After says after a 429, then succeeds', async () => {
    const { model, requests, sleeps } = await modelAgainst((_request, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '2' }, json: readChatFixtureJson('error-rate-limit.json') } : fixtureReply('openai-text.json'),
    );
    expect((await model.doGenerate(callOptions())).content).toEqual([{ type: 'text', text: 'Hello there, friend!' }]);
    expect(requests).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it('retries a 500 with backoff, streaming too, then succeeds', async () => {
    const { model, requests, sleeps } = await modelAgainst((_request, index) => (index === 0 ? { status: 500, json: readChatFixtureJson('error-server-error.json') } : fixtureReply('openai-text.sse')));
    const parts = await collect((await model.doStream(callOptions())).stream);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
    expect(requests.map((request) => request.text())).toEqual([requests[0]?.text(), requests[0]?.text()]);
    expect(sleeps).toEqual([500]);
  });

  it('retries a connection reset, then succeeds', async () => {
    const { model, requests } = await modelAgainst((_request, index) => (index === 0 ? { reset: true } : fixtureReply('openai-text.json')));
    expect((await model.doGenerate(callOptions())).finishReason).toBe('stop');
    expect(requests).toHaveLength(2);
  });

  it('gives up after the retries with the last status and the message of the envelope', async () => {
    const { model, requests } = await modelAgainst(() => ({ status: 429, json: readChatFixtureJson('error-rate-limit.json') }));
    const error = await rejection(model.doGenerate(callOptions()));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'http', status: 429, isRetryable: true, provider: 'openai.chat' });
    expect((error as Error).message).toMatch(/^openai\.chat answered 429: Rate limit reached for gpt-4\.1/);
    expect(requests).toHaveLength(3);
  });

  it('never retries a 404 and keeps its body', async () => {
    const { model, requests } = await modelAgainst(() => ({ status: 404, json: readChatFixtureJson('ollama-error-model-not-found.json') }));
    const error = await rejection(model.doStream(callOptions()));
    expect(error).toMatchObject({ kind: 'http', status: 404, isRetryable: false, message: 'openai.chat answered 404: model "llama9" not found, try pulling it first' });
    expect(requests).toHaveLength(1);
  });
});

describe('broken answers', () => {
  it('fails a truncated stream with invalid_response, after the parts that did arrive', async () => {
    const payload = readChatFixture('openai-text.sse');
    const { model } = await modelAgainst(() => ({ chunks: splitIntoChunks(payload.slice(0, payload.indexOf(' friend')), 5), destroyAfter: true }));
    const parts: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const part of (await model.doStream(callOptions())).stream) parts.push(part.type);
      })(),
    );
    expect(parts).toEqual(['text-delta', 'text-delta', 'text-delta']);
    expect(error).toMatchObject({ kind: 'invalid_response', isRetryable: false });
  });

  it('fails a stream that closes cleanly without finish_reason or [DONE]', async () => {
    const payload = readChatFixture('openai-text.sse');
    const { model } = await modelAgainst(() => ({ chunks: splitIntoChunks(payload.slice(0, payload.indexOf('data: {', payload.indexOf(' friend'))), 5) }));
    const error = await rejection(collect((await model.doStream(callOptions())).stream));
    expect(error).toMatchObject({ kind: 'invalid_response', message: 'openai.chat stream ended before the answer was complete (no finish_reason, no [DONE])' });
  });

  it('fails malformed JSON with a non-retryable invalid_response, once', async () => {
    const { model, requests } = await modelAgainst(() => ({ headers: { 'content-type': 'application/json' }, body: '{"id":"chatcmpl-1","choices":[{"mess' }));
    expect(await rejection(model.doGenerate(callOptions()))).toMatchObject({ kind: 'invalid_response', isRetryable: false });
    expect(await rejection(model.doStream(callOptions()))).toMatchObject({ kind: 'invalid_response', message: 'openai.chat sent malformed JSON' });
    expect(requests).toHaveLength(2);
  });

  it('throws the error an event reports mid-stream', async () => {
    const { model } = await modelAgainst(() => fixtureReply('openai-stream-error.sse'));
    const error = await rejection(collect((await model.doStream(callOptions())).stream));
    expect(error).toMatchObject({ kind: 'http', message: 'openai.chat reported an error: The server had an error while processing your request. Sorry about that!' });
  });
});

describe('abort and silence', () => {
  it('rejects a call in flight with the abort reason', async () => {
    const { model, requests } = await modelAgainst(() => ({ hang: true }));
    const controller = new AbortController();
    const reason = new Error('client went away');
    const pending = rejection(model.doGenerate(callOptions({ abortSignal: controller.signal })));
    const pendingStream = rejection(model.doStream(callOptions({ abortSignal: controller.signal })));
    await vi.waitFor(() => expect(requests).toHaveLength(2), { timeout: 5000 });
    controller.abort(reason);
    expect(await pending).toBe(reason);
    expect(await pendingStream).toBe(reason);
  });

  it('lets a stream run while bytes keep coming and cuts it after a silence, without real waiting', async () => {
    vi.useFakeTimers();
    const encoder = new TextEncoder();
    const delta = (text: string) => encoder.encode(`data: {"choices":[{"index":0,"delta":{"content":"${text}"}}]}\n\n`);
    const fetchStub: typeof fetch = async (_url, init) =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(delta('Hi'));
            setTimeout(() => controller.enqueue(delta(' there')), 20_000);
            init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    const model = createOpenAICompatibleLanguageModel('m', providerSettings({ baseURL: 'http://127.0.0.1:9/v1', http: fetchUpstreamHttp(fetchStub), timeoutMillis: 30_000 }), OPENAI_COMPATIBLE_PRESETS.vllm);
    const iterator = (await model.doStream(callOptions())).stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ type: 'text-delta', delta: 'Hi' });
    const second = iterator.next();
    await vi.advanceTimersByTimeAsync(20_000);
    expect((await second).value).toEqual({ type: 'text-delta', delta: ' there' });
    let settled = false;
    const third = rejection(iterator.next()).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(29_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await third).toMatchObject({ kind: 'timeout', isRetryable: true, message: 'vllm did not answer within 30000 ms' });
  });
});
