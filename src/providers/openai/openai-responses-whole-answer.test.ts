/**
 * A model step nobody reads as it comes (`partsAsTheyCome: false`) is asked of the upstream as one
 * JSON answer, and gives the same parts the event stream of the same answer gives. The answer is
 * read by its content-type: an upstream that streams anyway is read as a stream.
 */
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { splitIntoChunks, type FakeHandler } from '../../../test/support/fake-http-server.ts';
import { contractCallOptions } from '../../../test/kits/providers/contract/language-model.contract.ts';
import { fakeProviderPerTest, recordingSettings } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { chunkLines, frameAsSse, readRecording, responsesOf } from '../../../test/kits/providers/shared/testing/recordings.ts';
import { collect } from '../../../test/kits/providers/shared/testing/streams.ts';
import { readResponsesFixture, readResponsesFixtureEvents, readResponsesJsonFixture, streamReply } from '../../../test/kits/providers/openai/openai-responses-fake-server.ts';
import { ProviderError } from '../spec/provider-error.ts';
import type { LanguageModelCallOptions, LanguageModelStreamPart, LanguageModelTool } from '../spec/language-model.ts';
import { createOpenAIResponsesLanguageModel } from './openai-responses-language-model.ts';

const startFake = fakeProviderPerTest();

const recordings = new URL('../../../test/fixtures/providers/openai/vercel-ai/responses/', import.meta.url);
const recordingText = (name: string) => readRecording(new URL(name, recordings));
const recording = (name: string) => chunkLines(recordingText(name));

async function modelAgainst(handler: FakeHandler) {
  const { server, settings } = await startFake(handler, { basePath: '/v1', maxRetries: 0 });
  return { model: createOpenAIResponsesLanguageModel('gpt-4.1', settings), server };
}

const weather: LanguageModelTool = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name' } }, required: ['city'], additionalProperties: false },
};
const textOptions = (overrides: Partial<LanguageModelCallOptions> = {}) =>
  contractCallOptions({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'Say hello in a few words.' }] }], partsAsTheyCome: false, ...overrides });
const toolOptions = (overrides: Partial<LanguageModelCallOptions> = {}) =>
  contractCallOptions({
    prompt: [{ role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] }],
    tools: [weather],
    toolChoice: { type: 'tool', toolName: 'get_weather' },
    partsAsTheyCome: false,
    ...overrides,
  });

/** Text deltas joined (a whole answer gives one per text part, a stream many): what the loop folds them into. */
function folded(parts: LanguageModelStreamPart[]) {
  return {
    text: parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join(''),
    rest: parts.filter((part) => part.type !== 'text-delta'),
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('openai.responses doStream, parts not needed as they come', () => {
  it('asks for one JSON answer (stream: false, accept JSON) and gives the parts the same answer streamed gives', async () => {
    for (const [options, scenario] of [
      [textOptions, 'text'],
      [toolOptions, 'function-call'],
    ] as const) {
      const { model, server } = await modelAgainst((request) =>
        (request.json() as { stream: boolean }).stream ? streamReply(`${scenario}.stream.sse`) : { json: readResponsesJsonFixture(`${scenario}.response.json`) },
      );
      const wholeResult = await model.doStream(options());
      const whole = await collect(wholeResult.stream);
      // The same parts at once, for a caller that takes them without a promise per part.
      expect(wholeResult.parts).toEqual(whole);
      const streamedResult = await model.doStream(options({ partsAsTheyCome: true }));
      expect(streamedResult.parts).toBeUndefined();
      const streamed = await collect(streamedResult.stream);
      const [asked, askedStreaming] = server.requests;
      expect(asked?.json()).toEqual(readResponsesJsonFixture(`${scenario}.request.json`));
      expect(asked?.headers.accept).toBe('application/json');
      expect(askedStreaming?.json()).toMatchObject({ stream: true });
      expect(askedStreaming?.headers.accept).toBe('text/event-stream');
      expect(folded(whole)).toEqual(folded(streamed));
      expect(whole.at(-1)).toMatchObject({ type: 'finish', finishReason: scenario === 'text' ? 'stop' : 'tool-calls' });
    }
  });

  it('vercel/ai recordings: each streamed response, answered whole (its response.completed response), gives the same parts but for how the text is cut', async () => {
    for (const name of ['openai-reasoning-encrypted-content.1.chunks.txt', 'github-copilot-id-rotation.1.chunks.txt', 'openai-image-generation-tool.1.chunks.txt']) {
      for (const response of responsesOf(recording(name))) {
        const completed = response.find((event) => event.includes('"type":"response.completed"')) ?? '';
        const whole = (JSON.parse(completed) as { response: unknown }).response;
        const { model } = await modelAgainst((request) =>
          (request.json() as { stream: boolean }).stream ? { chunks: splitIntoChunks(frameAsSse(response, { lineEnd: '\n' }), 13) } : { json: whole },
        );
        const streamed = await collect((await model.doStream(textOptions({ partsAsTheyCome: true }))).stream);
        const answered = await collect((await model.doStream(textOptions())).stream);
        expect(folded(answered)).toEqual(folded(streamed));
        expect(answered.at(-1)?.type).toBe('finish');
      }
    }
  });

  it('vercel/ai recording openai-reasoning-encrypted-content.1.json: reasoning skipped, the answer, reasoning tokens in the usage', async () => {
    const { model } = await modelAgainst(() => ({ headers: { 'content-type': 'application/json' }, body: recordingText('openai-reasoning-encrypted-content.1.json') }));
    const parts = await collect((await model.doStream(textOptions())).stream);
    expect(parts).toEqual([
      { type: 'text-delta', delta: '12 + 7 = 19\n19 × 3 = 57\n57 × 10 = 570\n\nFinal result: 570' },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 865, cachedInputTokens: 0, outputTokens: 163, reasoningTokens: 128 } },
    ]);
  });

  it('folds every text and refusal part of every message, in order; incomplete says length', async () => {
    const response = readResponsesJsonFixture('incomplete.response.json');
    const message = { id: 'msg_2', type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'First. ' }, { type: 'refusal', refusal: 'No.' }, { type: 'output_text', text: '' }] };
    const { model } = await modelAgainst(() => ({ json: { ...response, output: [...(response['output'] as unknown[]), message] } }));
    const parts = await collect((await model.doStream(textOptions())).stream);
    const first = (response['output'] as Array<{ content: Array<{ text: string }> }>)[0]?.content[0]?.text;
    expect(folded(parts).text).toBe(`${first}First. No.`);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length' });
  });

  it('reads an upstream that streams anyway (text/event-stream) as a stream', async () => {
    const { model, server } = await modelAgainst(() => streamReply('text.stream.sse'));
    const parts = await collect((await model.doStream(textOptions())).stream);
    expect(server.requests[0]?.json()).toMatchObject({ stream: false });
    expect(folded(parts).text).toBe('Hello there! Nice to meet you.');
    expect(parts.filter((part) => part.type === 'text-delta').length).toBeGreaterThan(1);
  });

  it('folds a JSON answer to a stream request instead of failing it as a stream cut off', async () => {
    const { model } = await modelAgainst(() => ({ json: readResponsesJsonFixture('text.response.json') }));
    const parts = await collect((await model.doStream(textOptions({ partsAsTheyCome: undefined }))).stream);
    expect(folded(parts).text).toBe('Hello there! Nice to meet you.');
  });

  it('a failed response throws as response.failed does; an HTTP error as before', async () => {
    const failed = readResponsesFixtureEvents('failed.stream.sse').find((event) => event.payload['type'] === 'response.failed')?.payload['response'];
    const { model } = await modelAgainst((_request, index) =>
      index === 0 ? { json: failed } : { status: 400, headers: { 'content-type': 'application/json' }, body: readResponsesFixture('error-invalid-request.json') },
    );
    expect(await rejection(model.doStream(textOptions()))).toMatchObject({ name: 'ProviderError', kind: 'http', upstream: { code: 'server_error' } });
    expect(await rejection(model.doStream(textOptions()))).toMatchObject({ name: 'ProviderError', kind: 'http', status: 400, upstream: { param: 'max_output_tokens' } });
  });

  it('malformed JSON, a body that is not a Response, a malformed message and a cut-off body are invalid_response', async () => {
    const text = JSON.stringify(readResponsesJsonFixture('text.response.json'));
    const replies = [
      { headers: { 'content-type': 'application/json' }, body: text.slice(0, 40) },
      { json: { object: 'response', status: 'completed' } },
      { json: { status: 'completed', output: [{ type: 'message', content: [{ type: 'output_text', text: 42 }] }] } },
      { headers: { 'content-type': 'application/json' }, chunks: [text.slice(0, 100)], destroyAfter: true },
    ];
    const { model } = await modelAgainst((_request, index) => replies[index] ?? { status: 500, body: '' });
    const messages: string[] = [];
    for (let call = 0; call < replies.length; call += 1) {
      const error = await rejection(model.doStream(textOptions()));
      expect(error).toBeInstanceOf(ProviderError);
      expect(error).toMatchObject({ kind: 'invalid_response', isRetryable: false });
      messages.push((error as ProviderError).message);
    }
    expect(messages).toEqual([
      'openai.responses sent malformed JSON',
      'openai.responses sent a response that is not a Response object',
      'openai.responses sent a malformed message item',
      'openai.responses answer broke off',
    ]);
  });

  it('rejects with the abort reason while the answer is read', async () => {
    const controller = new AbortController();
    const { model } = await modelAgainst(() => {
      controller.abort(new Error('client left'));
      return { json: readResponsesJsonFixture('text.response.json') };
    });
    expect(await rejection(model.doStream(textOptions({ abortSignal: controller.signal })))).toMatchObject({ message: 'client left' });
  });
});

describe('openai.responses whole answer from an upstream that goes quiet mid-body', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  it('is cut by the same timeoutMillis as a silent stream', async () => {
    server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"id":"resp_1","object":"response",');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    const model = createOpenAIResponsesLanguageModel('gpt-4.1', recordingSettings(url, [], { maxRetries: 0, timeoutMillis: 150 }));
    expect(await rejection(model.doStream(textOptions()))).toMatchObject({ name: 'ProviderError', kind: 'timeout' });
  });
});
