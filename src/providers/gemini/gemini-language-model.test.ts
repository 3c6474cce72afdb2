import { describe, expect, it } from 'vitest';
import { type FakeHandler, splitIntoChunks } from '../../../test/support/fake-http-server.ts';
import { contractCallOptions } from '../../../test/kits/providers/contract/language-model.contract.ts';
import { fakeProviderPerTest } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { collect } from '../../../test/kits/providers/shared/testing/streams.ts';
import type { LanguageModelCallOptions, LanguageModelMessage } from '../spec/language-model.ts';
import { geminiTestSettings, readGeminiFixture, readGeminiFixtureJson } from '../../../test/kits/providers/gemini/gemini-generate-content-test-kit.ts';
import { createGeminiLanguageModel } from './gemini-language-model.ts';

const startFake = fakeProviderPerTest();

async function start(handler: FakeHandler, sleeps: number[] = [], modelId = 'gemini-2.5-flash') {
  const { server: fake } = await startFake(handler);
  return { fake, model: createGeminiLanguageModel(modelId, geminiTestSettings(fake.url, sleeps)) };
}

const weatherTool = { name: 'get_weather', description: 'Current weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } };
const question: LanguageModelMessage = { role: 'user', content: [{ type: 'text', text: 'Hello, how are you?' }] };
const ask = (overrides: Partial<LanguageModelCallOptions> = {}) => contractCallOptions({ prompt: [question], ...overrides });

const failure = (promise: Promise<unknown>) => promise.then(() => new Error('expected a rejection'), (error: unknown) => error);

describe('createGeminiLanguageModel against a fake Gemini API', () => {
  it('POSTs models/{model}:generateContent with the key and the converted body', async () => {
    const { fake, model } = await start(() => ({ json: readGeminiFixtureJson('generate-content-text.json') }));
    const result = await model.doGenerate(ask({ prompt: [{ role: 'system', content: 'Be brief.' }, question], tools: [weatherTool], toolChoice: { type: 'auto' }, maxOutputTokens: 256, temperature: 0.3 }));
    const [request] = fake.requests;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/v1beta/models/gemini-2.5-flash:generateContent');
    expect(request?.headers).toMatchObject({ 'x-goog-api-key': 'gemini-test-key', 'content-type': 'application/json' });
    expect(request?.json()).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'Hello, how are you?' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      tools: [{ functionDeclarations: [{ name: 'get_weather', description: 'Current weather for a city.', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }] }],
      toolConfig: { functionCallingConfig: { mode: 'AUTO' } },
      generationConfig: { maxOutputTokens: 256, temperature: 0.3 },
    });
    expect(result).toEqual({
      content: [{ type: 'text', text: "Hello there! I'm doing well, thanks for asking. How can I help you today?" }],
      finishReason: 'stop',
      usage: { inputTokens: 8, cachedInputTokens: 0, outputTokens: 48, reasoningTokens: 30 },
      warnings: [],
    });
  });

  it('streams text split every 6 bytes from :streamGenerateContent?alt=sse', async () => {
    const { fake, model } = await start(() => ({ chunks: splitIntoChunks(readGeminiFixture('stream-text.sse'), 6) }));
    const parts = await collect((await model.doStream(ask())).stream);
    expect(fake.requests[0]?.url).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
    expect(parts.filter((part) => part.type === 'text-delta').map((part) => part.delta).join('')).toBe("Hello there! I'm doing well, thanks for asking. How can I help you today?");
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 8, cachedInputTokens: 0, outputTokens: 48, reasoningTokens: 30 } });
  });

  it('sends a streamed call signature back when the loop replays the call, and the placeholder for an unknown one', async () => {
    const { fake, model } = await start(
      (_request, index) => (index === 0 ? { chunks: splitIntoChunks(readGeminiFixture('stream-function-call.sse'), 6) } : { json: readGeminiFixtureJson('generate-content-text.json') }),
      [],
      'gemini-3-pro-preview',
    );
    const parts = await collect((await model.doStream(ask({ tools: [weatherTool], toolChoice: { type: 'required' } }))).stream);
    const call = parts.find((part) => part.type === 'tool-call');
    if (call?.type !== 'tool-call') throw new Error('no tool call');
    const stranger = { ...call, toolCallId: 'call_from_another_server' };
    await model.doGenerate(
      ask({
        prompt: [
          question,
          { role: 'assistant', content: [call] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: call.toolCallId, toolName: 'get_weather', output: 'sunny' }] },
          { role: 'assistant', content: [stranger] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: stranger.toolCallId, toolName: 'get_weather', output: 'still sunny' }] },
        ],
        tools: [weatherTool],
      }),
    );
    const sent = fake.requests[1]?.json() as { contents: Array<{ role: string; parts: Array<Record<string, unknown>> }> };
    expect(sent.contents.map((content) => content.role)).toEqual(['user', 'model', 'user', 'model', 'user']);
    expect(sent.contents[1]?.parts[0]).toEqual({ functionCall: { name: 'get_weather', args: { city: 'Paris' } }, thoughtSignature: expect.stringMatching(/^EqUCCqIC/) });
    expect(sent.contents[2]?.parts[0]).toEqual({ functionResponse: { name: 'get_weather', response: { output: 'sunny' } } });
    expect(sent.contents[3]?.parts[0]).toMatchObject({ thoughtSignature: 'skip_thought_signature_validator' });
  });

  it('waits as long as RetryInfo says after a 429, then succeeds', async () => {
    const sleeps: number[] = [];
    const { fake, model } = await start(
      (_request, index) => (index === 0 ? { status: 429, json: readGeminiFixtureJson('error-rate-limit-retry-info.json') } : { json: readGeminiFixtureJson('generate-content-text.json') }),
      sleeps,
    );
    expect((await model.doGenerate(ask())).finishReason).toBe('stop');
    expect(fake.requests).toHaveLength(2);
    expect(sleeps).toEqual([34_400]);
  });

  it('honours a Retry-After header on a 429 as well', async () => {
    const sleeps: number[] = [];
    const { model } = await start(
      (_request, index) => (index === 0 ? { status: 429, headers: { 'retry-after': '3' }, body: 'slow down' } : { chunks: [readGeminiFixture('stream-text.sse')] }),
      sleeps,
    );
    expect((await collect((await model.doStream(ask())).stream)).at(-1)?.type).toBe('finish');
    expect(sleeps).toEqual([3000]);
  });

  it('retries a 500 and a 503 before the stream starts', async () => {
    const sleeps: number[] = [];
    const { fake, model } = await start(
      (_request, index) => (index === 0 ? { status: 500, body: 'oops' } : index === 1 ? { status: 503, json: readGeminiFixtureJson('error-unavailable.json') } : { chunks: [readGeminiFixture('stream-text.sse')] }),
      sleeps,
    );
    expect((await collect((await model.doStream(ask())).stream)).at(-1)?.type).toBe('finish');
    expect(fake.requests).toHaveLength(3);
    expect(sleeps).toEqual([500, 1000]);
  });

  it('does not retry a 400 and keeps its message', async () => {
    const { fake, model } = await start(() => ({ status: 400, json: readGeminiFixtureJson('error-invalid-argument.json') }));
    const error = await failure(model.doGenerate(ask()));
    expect(error).toMatchObject({ name: 'ProviderError', status: 400, isRetryable: false });
    expect((error as Error).message).toMatch(/^gemini answered 400: Invalid JSON payload received/);
    expect(fake.requests).toHaveLength(1);
  });

  it('rejects a truncated stream and a stream without a final chunk as invalid_response', async () => {
    const payload = readGeminiFixture('stream-text.sse');
    const { model } = await start((_request, index) =>
      index === 0 ? { chunks: splitIntoChunks(payload.slice(0, 500), 6), destroyAfter: true } : { chunks: [payload.slice(0, payload.lastIndexOf('data: '))] },
    );
    await expect(collect((await model.doStream(ask())).stream)).rejects.toMatchObject({ kind: 'invalid_response', message: 'gemini stream broke off before the answer was complete' });
    await expect(collect((await model.doStream(ask())).stream)).rejects.toMatchObject({ kind: 'invalid_response', message: 'gemini stream ended without a finishReason' });
  });

  it('rejects malformed JSON without retrying', async () => {
    const { fake, model } = await start(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"candidates":[' }));
    await expect(model.doGenerate(ask())).rejects.toMatchObject({ kind: 'invalid_response', isRetryable: false });
    expect(fake.requests).toHaveLength(1);
  });

  it('rejects with the abort reason while waiting and mid-stream', async () => {
    const payload = readGeminiFixture('stream-text.sse');
    const { model } = await start((_request, index) => (index === 0 ? { hang: true } : { chunks: [payload] }));
    const waiting = new AbortController();
    const reason = new Error('client went away');
    const pending = model.doGenerate(ask({ abortSignal: waiting.signal }));
    setTimeout(() => waiting.abort(reason), 20);
    expect(await failure(pending)).toBe(reason);

    const streaming = new AbortController();
    const { stream } = await model.doStream(ask({ abortSignal: streaming.signal }));
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'text-delta' });
    streaming.abort(reason);
    expect(await failure(iterator.next())).toBe(reason);
  });
});
