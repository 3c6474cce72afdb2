import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeHandler, type FakeHttpServer, startFakeHttpServer } from '../../../test/support/fake-http-server.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import { WEATHER_TOOL, callOptions, collect, fixtureReply, sentBody, userText } from '../../../test/kits/providers/openai-compatible/chat-test-kit.ts';
import { createOpenAICompatibleLanguageModel } from './openai-compatible-language-model.ts';
import type { OpenAICompatibleOptions } from './openai-compatible-options.ts';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible-presets.ts';

let fake: FakeHttpServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function modelAgainst(handler: FakeHandler, options: OpenAICompatibleOptions = OPENAI_COMPATIBLE_PRESETS.openai, modelId = 'gpt-4.1') {
  fake = await startFakeHttpServer(handler);
  const settings = providerSettings({ baseURL: `${fake.url}/v1/`, headers: { authorization: 'Bearer sk-test' }, maxRetries: 0 });
  return { model: createOpenAICompatibleLanguageModel(modelId, settings, options), requests: fake.requests };
}

const forced = () => callOptions({ prompt: [userText('What is the weather in Paris?')], tools: [WEATHER_TOOL], toolChoice: { type: 'tool', toolName: 'get_weather' } });

describe('doGenerate against a fake', () => {
  it('posts to /chat/completions with the settings headers and maps the text answer', async () => {
    const { model, requests } = await modelAgainst(() => fixtureReply('openai-text.json'));
    const result = await model.doGenerate(callOptions({ prompt: [{ role: 'system', content: 'Be brief.' }, userText('Say hello.')], maxOutputTokens: 50, temperature: 0.3 }));
    expect(requests[0]?.method).toBe('POST');
    expect(requests[0]?.url).toBe('/v1/chat/completions');
    expect(requests[0]?.headers).toMatchObject({ authorization: 'Bearer sk-test', 'content-type': 'application/json' });
    expect(sentBody(requests[0])).toEqual({
      model: 'gpt-4.1',
      messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Say hello.' }],
      max_completion_tokens: 50,
      temperature: 0.3,
    });
    expect(result).toEqual({
      content: [{ type: 'text', text: 'Hello there, friend!' }],
      finishReason: 'stop',
      usage: { inputTokens: 13, cachedInputTokens: 0, outputTokens: 6, reasoningTokens: 0 },
      warnings: [],
    });
  });

  it('sends tools and a named tool_choice, and maps the tool call', async () => {
    const { model, requests } = await modelAgainst(() => fixtureReply('openai-tool-call.json'));
    const result = await model.doGenerate({ ...forced(), parallelToolCalls: false });
    expect(sentBody(requests[0])).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather', description: WEATHER_TOOL.description, parameters: WEATHER_TOOL.parameters } }],
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
      parallel_tool_calls: false,
    });
    expect(result.content).toEqual([{ type: 'tool-call', toolCallId: 'call_Xn1XfZ3wRkq2bP8mVJt9sL4a', toolName: 'get_weather', input: '{"city":"Paris"}' }]);
    expect(result.finishReason).toBe('tool-calls');
  });

  it('reads cached and reasoning tokens', async () => {
    const { model } = await modelAgainst(() => fixtureReply('openai-cached-reasoning.json'));
    expect((await model.doGenerate(callOptions())).usage).toEqual({ inputTokens: 2006, cachedInputTokens: 1920, outputTokens: 312, reasoningTokens: 256 });
  });

  it('sends a text-only model a stand-in for the image, and an Ollama-shaped body', async () => {
    const png = new Uint8Array(await sharp({ create: { width: 1024, height: 1024, channels: 3, background: 'blue' } }).png().toBuffer());
    const { model, requests } = await modelAgainst(() => fixtureReply('ollama-tool-call.json'), OPENAI_COMPATIBLE_PRESETS.ollama, 'llama3.1:8b');
    const result = await model.doGenerate(
      callOptions({
        prompt: [{ role: 'user', content: [{ type: 'text', text: 'Make this brighter.' }, { type: 'image', mediaType: 'image/png', data: png }] }],
        tools: [WEATHER_TOOL],
        toolChoice: { type: 'tool', toolName: 'get_weather' },
        maxOutputTokens: 64,
      }),
    );
    const body = sentBody(requests[0]);
    expect(body.messages).toEqual([{ role: 'user', content: `Make this brighter.\n[image: image/png, 1024x1024, ${png.byteLength} bytes omitted]` }]);
    expect(body.max_tokens).toBe(64);
    expect(body).not.toHaveProperty('tool_choice');
    expect(result.warnings.map((warning) => warning.type)).toEqual(['other', 'unsupported-setting']);
    expect(result.content).toEqual([{ type: 'tool-call', toolCallId: 'call_y5zzs2gq', toolName: 'get_weather', input: '{"city":"Paris"}' }]);
  });
});

describe('doStream against a fake', () => {
  it('asks for a stream with usage and streams text split across 5-byte chunks', async () => {
    const { model, requests } = await modelAgainst(() => fixtureReply('openai-text.sse'));
    const { stream, warnings } = await model.doStream(callOptions());
    const parts = await collect(stream);
    expect(sentBody(requests[0])).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(requests[0]?.headers.accept).toBe('text/event-stream');
    expect(warnings).toEqual([]);
    expect(parts).toEqual([
      ...['Hello', ' there', ',', ' friend', '!'].map((delta) => ({ type: 'text-delta', delta })),
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 13, cachedInputTokens: 0, outputTokens: 6, reasoningTokens: 0 } },
    ]);
  });

  it('puts OpenAI-style incremental arguments together', async () => {
    const { model } = await modelAgainst(() => fixtureReply('openai-tool-call.sse'));
    const parts = await collect((await model.doStream(forced())).stream);
    expect(parts).toEqual([
      { type: 'tool-call', toolCallId: 'call_Xn1XfZ3wRkq2bP8mVJt9sL4a', toolName: 'get_weather', input: '{"city":"Paris"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 71, cachedInputTokens: 0, outputTokens: 15, reasoningTokens: 0 } },
    ]);
  });

  it('reads Ollama-style whole arguments', async () => {
    const { model, requests } = await modelAgainst(() => fixtureReply('ollama-tool-call.sse'), OPENAI_COMPATIBLE_PRESETS.ollama, 'llama3.1:8b');
    const parts = await collect((await model.doStream(forced())).stream);
    expect(sentBody(requests[0])).toMatchObject({ model: 'llama3.1:8b', stream: true, stream_options: { include_usage: true } });
    expect(parts).toEqual([
      { type: 'tool-call', toolCallId: 'call_y5zzs2gq', toolName: 'get_weather', input: '{"city":"Paris"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 168, cachedInputTokens: 0, outputTokens: 18, reasoningTokens: 0 } },
    ]);
  });

  it.each([
    ['openai-parallel-tool-calls.sse', OPENAI_COMPATIBLE_PRESETS.openai, ['call_4sFq8LwPz1Hk7Rb2Tn6Ym0Xc {"city": "Paris"}', 'call_9vGd3NcYt5Wm2Kp8Lr4Jx7Bq {"city": "Tokyo"}']],
    ['ollama-parallel-tool-calls.sse', OPENAI_COMPATIBLE_PRESETS.ollama, ['call_1f8ksq0d {"city":"Paris"}', 'call_w3m9yxbe {"city":"Tokyo"}']],
  ] as const)('emits every parallel tool call of one stream (%s)', async (name, preset, expected) => {
    const { model } = await modelAgainst(() => fixtureReply(name), preset);
    const parts = await collect((await model.doStream(callOptions({ tools: [WEATHER_TOOL], toolChoice: { type: 'auto' } }))).stream);
    expect(parts.map((part) => (part.type === 'tool-call' ? `${part.toolCallId} ${part.input}` : part.type))).toEqual([...expected, 'finish']);
  });

  it('turns a JSON answer to a stream request into one burst of parts, with a warning', async () => {
    const { model } = await modelAgainst(() => fixtureReply('openai-text.json'));
    const { stream, warnings } = await model.doStream(callOptions());
    expect(await collect(stream)).toEqual([{ type: 'text-delta', delta: 'Hello there, friend!' }, expect.objectContaining({ type: 'finish', finishReason: 'stop' })]);
    expect(warnings).toEqual([{ type: 'other', message: 'openai.chat answered without streaming.' }]);
  });
});
