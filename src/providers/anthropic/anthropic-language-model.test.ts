import { describe, expect, it } from 'vitest';
import { type FakeHandler, splitIntoChunks } from '../../../test/support/fake-http-server.ts';
import { contractCallOptions } from '../../../test/kits/providers/contract/language-model.contract.ts';
import { fakeProviderPerTest } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { collect } from '../../../test/kits/providers/shared/testing/streams.ts';
import type { LanguageModelCallOptions } from '../spec/language-model.ts';
import { createAnthropicLanguageModel } from './anthropic-language-model.ts';
import { anthropicTestSettings, readAnthropicFixture, readAnthropicFixtureJson } from '../../../test/kits/providers/anthropic/anthropic-test-kit.ts';

const startFake = fakeProviderPerTest();

async function start(handler: FakeHandler, sleeps: number[] = [], settingsOverrides = {}) {
  const { server: fake } = await startFake(handler);
  return { fake, model: createAnthropicLanguageModel('claude-sonnet-4-5', anthropicTestSettings(fake.url, sleeps, settingsOverrides)) };
}

const weatherTool = { name: 'get_weather', description: 'Current weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } };
const ask = (overrides: Partial<LanguageModelCallOptions> = {}) => contractCallOptions({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Hello, how are you?' }] }], ...overrides });

const failure = (promise: Promise<unknown>) => promise.then(() => new Error('expected a rejection'), (error: unknown) => error);

describe('createAnthropicLanguageModel against a fake Messages API', () => {
  it('POSTs /v1/messages with the key, the version and the converted body', async () => {
    const { fake, model } = await start(() => ({ json: readAnthropicFixtureJson('message-tool-use.json') }));
    const result = await model.doGenerate(ask({ prompt: [{ role: 'system', content: 'Be brief.' }, ...ask().prompt], tools: [weatherTool], toolChoice: { type: 'tool', toolName: 'get_weather' }, maxOutputTokens: 256 }));
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1/messages');
    expect(request?.headers).toMatchObject({ 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01', 'content-type': 'application/json' });
    expect(request?.json()).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 256,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello, how are you?' }] }],
      tools: [{ name: 'get_weather', description: 'Current weather for a city.', input_schema: weatherTool.parameters }],
      tool_choice: { type: 'tool', name: 'get_weather' },
    });
    expect(result).toEqual({
      content: [
        { type: 'text', text: "I'll check the current weather in Paris for you." },
        { type: 'tool-call', toolCallId: 'toolu_01A09q90qw90lq917835lq9', toolName: 'get_weather', input: '{"city":"Paris"}' },
      ],
      finishReason: 'tool-calls',
      usage: { inputTokens: 1419, cachedInputTokens: 1024, outputTokens: 58, reasoningTokens: 0 },
      warnings: [],
    });
  });

  it('adds anthropic-version when the settings carry only the key', async () => {
    const { server: fake } = await startFake(() => ({ json: readAnthropicFixtureJson('message-text.json') }));
    const model = createAnthropicLanguageModel('claude-haiku-4-5', anthropicTestSettings(fake.url, [], { headers: { 'x-api-key': 'k' } }));
    await model.doGenerate(ask());
    expect(fake.requests[0]?.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('streams text split every 6 bytes, with stream:true in the body', async () => {
    const { fake, model } = await start(() => ({ chunks: splitIntoChunks(readAnthropicFixture('stream-text.sse'), 6) }));
    const parts = await collect((await model.doStream(ask())).stream);
    expect(fake.requests[0]?.json()).toMatchObject({ stream: true, max_tokens: 4096 });
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.delta).join('')).toBe("Hello! I'm doing well, thank you for asking. How can I help you today?");
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 12, cachedInputTokens: 0, outputTokens: 21, reasoningTokens: 0 } });
  });

  it('streams a tool call whose JSON arrives in pieces', async () => {
    const { model } = await start(() => ({ chunks: splitIntoChunks(readAnthropicFixture('stream-tool-use.sse'), 6) }));
    const parts = await collect((await model.doStream(ask({ tools: [weatherTool] }))).stream);
    const call = parts.find((part) => part.type === 'tool-call');
    expect(call).toEqual({ type: 'tool-call', toolCallId: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6', toolName: 'get_weather', input: '{"city": "Paris"}' });
    expect(JSON.parse(call?.type === 'tool-call' ? call.input : '')).toEqual({ city: 'Paris' });
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    const sleeps: number[] = [];
    const { fake, model } = await start(
      (_request, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '7' }, json: readAnthropicFixtureJson('error-rate-limit.json') } : { json: readAnthropicFixtureJson('message-text.json') }),
      sleeps,
    );
    const result = await model.doGenerate(ask());
    expect(result.finishReason).toBe('stop');
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toEqual([7000]);
  });

  it('retries a 500 and a 529 before the stream starts, then streams', async () => {
    const sleeps: number[] = [];
    const { fake, model } = await start(
      (_request, index) =>
        index === 0 ? { status: 500, body: 'upstream exploded' } : index === 1 ? { status: 529, json: readAnthropicFixtureJson('error-overloaded.json') } : { chunks: [readAnthropicFixture('stream-text.sse')] },
      sleeps,
    );
    const parts = await collect((await model.doStream(ask())).stream);
    expect(parts.at(-1)?.type).toBe('finish');
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it('does not retry a 400 and keeps its message', async () => {
    const { fake, model } = await start(() => ({ status: 400, json: readAnthropicFixtureJson('error-invalid-request.json') }));
    const error = await failure(model.doGenerate(ask()));
    expect(error).toMatchObject({ name: 'ProviderError', status: 400, isRetryable: false });
    expect((error as Error).message).toMatch(/^anthropic answered 400: messages\.1\.content\.0: unexpected `tool_use_id`/);
    expect(fake.requests).toHaveLength(1);
  });

  it('rejects a truncated stream as invalid_response', async () => {
    const payload = readAnthropicFixture('stream-text.sse');
    const { model } = await start(() => ({ chunks: splitIntoChunks(payload.slice(0, 700), 6), destroyAfter: true }));
    const { stream } = await model.doStream(ask());
    await expect(collect(stream)).rejects.toMatchObject({ name: 'ProviderError', kind: 'invalid_response' });
  });

  it('rejects a stream that ends cleanly without message_stop as invalid_response', async () => {
    const payload = readAnthropicFixture('stream-text.sse');
    const { model } = await start(() => ({ chunks: [payload.slice(0, payload.indexOf('event: message_stop'))] }));
    const { stream } = await model.doStream(ask());
    await expect(collect(stream)).rejects.toMatchObject({ kind: 'invalid_response', message: 'anthropic stream ended before message_stop' });
  });

  it('rejects a mid-stream error event', async () => {
    const { model } = await start(() => ({ chunks: [readAnthropicFixture('stream-error-overloaded.sse')] }));
    const { stream } = await model.doStream(ask());
    await expect(collect(stream)).rejects.toMatchObject({ kind: 'http', isRetryable: true });
  });

  it('rejects malformed JSON without retrying', async () => {
    const { fake, model } = await start(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"type":"message","content":[' }));
    await expect(model.doGenerate(ask())).rejects.toMatchObject({ kind: 'invalid_response', isRetryable: false });
    expect(fake.requests).toHaveLength(1);
  });

  it('rejects with the abort reason when aborted while waiting for the answer', async () => {
    const { model } = await start(() => ({ hang: true }));
    const controller = new AbortController();
    const reason = new Error('client went away');
    const pending = model.doGenerate(ask({ abortSignal: controller.signal }));
    setTimeout(() => controller.abort(reason), 20);
    expect(await failure(pending)).toBe(reason);
  });

  it('rejects with the abort reason when aborted mid-stream', async () => {
    const payload = readAnthropicFixture('stream-text.sse');
    const { model } = await start(() => ({ chunks: [payload.slice(0, payload.indexOf('event: content_block_stop'))], destroyAfter: false }));
    const controller = new AbortController();
    const reason = new Error('stop');
    const { stream } = await model.doStream(ask({ abortSignal: controller.signal }));
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'text-delta' });
    controller.abort(reason);
    expect(await failure(iterator.next())).toBe(reason);
  });
});
