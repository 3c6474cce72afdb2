/**
 * A Chat Completions step nobody reads as it comes (`partsAsTheyCome: false`) is asked as one JSON
 * answer and replayed as the parts the stream of the same answer gives; the answer is read by its
 * content-type (a server that streams anyway is read as a stream), with no "answered without
 * streaming" warning, since no stream was asked for.
 */
import { describe, expect, it } from 'vitest';
import { fakeProviderPerTest } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { readRecording } from '../../../test/kits/providers/shared/testing/recordings.ts';
import { WEATHER_TOOL, callOptions, collect, fixtureReply, sentBody } from '../../../test/kits/providers/openai-compatible/chat-test-kit.ts';
import type { FakeHandler } from '../../../test/support/fake-http-server.ts';
import type { LanguageModelCallOptions, LanguageModelStreamPart } from '../spec/language-model.ts';
import { createOpenAICompatibleLanguageModel } from './openai-compatible-language-model.ts';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible-presets.ts';

const startFake = fakeProviderPerTest();

async function modelAgainst(handler: FakeHandler) {
  const { server, settings } = await startFake(handler, { basePath: '/v1', maxRetries: 0 });
  return { model: createOpenAICompatibleLanguageModel('gpt-4.1', settings, OPENAI_COMPATIBLE_PRESETS.openai), server };
}

const whole = (overrides: Partial<LanguageModelCallOptions> = {}) => callOptions({ partsAsTheyCome: false, ...overrides });

function folded(parts: LanguageModelStreamPart[]) {
  return { text: parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join(''), rest: parts.filter((part) => part.type !== 'text-delta') };
}

/** Streams when asked to (`<name>.sse`), answers JSON otherwise (`<name>.json`). */
const byWhatWasAsked =
  (name: string): FakeHandler =>
  (request) =>
    fixtureReply((request.json() as { stream?: boolean }).stream === true ? `${name}.sse` : `${name}.json`);

describe('chat completions doStream, parts not needed as they come', () => {
  it('asks for one JSON answer and gives the parts the same answer streamed gives, with no warning', async () => {
    for (const [name, options] of [
      ['openai-text', whole],
      ['openai-tool-call', (overrides: Partial<LanguageModelCallOptions> = {}) => whole({ tools: [WEATHER_TOOL], toolChoice: { type: 'tool', toolName: 'get_weather' }, ...overrides })],
    ] as const) {
      const { model, server } = await modelAgainst(byWhatWasAsked(name));
      const answered = await model.doStream(options());
      const streamed = await model.doStream(options({ partsAsTheyCome: true }));
      expect(sentBody(server.requests[0])).not.toHaveProperty('stream');
      expect(sentBody(server.requests[0])).not.toHaveProperty('stream_options');
      expect(server.requests[0]?.headers.accept).toBe('application/json');
      expect(sentBody(server.requests[1])).toMatchObject({ stream: true });
      expect(answered.warnings).toEqual([]);
      expect(folded(await collect(answered.stream))).toEqual(folded(await collect(streamed.stream)));
    }
  });

  it('vercel/ai recording openai-text.json (gpt-4.1-nano, not streamed): the text and the usage', async () => {
    const body = readRecording(new URL('../../../test/fixtures/providers/openai-compatible/vercel-ai/openai/openai-text.json', import.meta.url));
    const { model } = await modelAgainst(() => ({ headers: { 'content-type': 'application/json' }, body }));
    const parts = await collect((await model.doStream(whole())).stream);
    expect(parts).toHaveLength(2);
    expect(folded(parts).text).toMatch(/^\*\*Holiday Name:\*\* Galaxy Day {2}\n[\s\S]*look up and dream beyond our world\.$/);
    expect(parts[1]).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 16, cachedInputTokens: 0, outputTokens: 363, reasoningTokens: 0 } });
  });

  it('reads a server that streams anyway (text/event-stream) as a stream', async () => {
    const { model, server } = await modelAgainst(() => fixtureReply('openai-text.sse'));
    const { stream, warnings } = await model.doStream(whole());
    expect(sentBody(server.requests[0])).not.toHaveProperty('stream');
    expect(folded(await collect(stream)).text).toBe('Hello there, friend!');
    expect(warnings).toEqual([]);
  });

  it('malformed JSON and a cut-off body are invalid_response', async () => {
    const replies = [
      { headers: { 'content-type': 'application/json' }, body: '{"id":"chatcmpl-1","choices":[' },
      { headers: { 'content-type': 'application/json' }, chunks: ['{"id":"chatcmpl-1","choices":['], destroyAfter: true },
    ];
    const { model } = await modelAgainst((_request, index) => replies[index] ?? { status: 500, body: '' });
    for (const message of ['openai.chat sent malformed JSON', 'openai.chat answer broke off']) {
      await expect(model.doStream(whole())).rejects.toMatchObject({ name: 'ProviderError', kind: 'invalid_response', message });
    }
  });
});
