/**
 * The Chat Completions adapter against streams vercel/ai recorded from OpenAI, Azure (model
 * router), DeepSeek, Groq and xAI, replayed as `data:` SSE ending in `data: [DONE]`, split at
 * odd byte boundaries. See test/fixtures/providers/openai-compatible/vercel-ai/README.md for sources and framing.
 */
import { describe, expect, it } from 'vitest';
import { fakeProviderPerTest } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { ODD_SPLITS, ODD_SPLITS_LARGE, chunkLines, frameAsSse, readRecording, type SplitPlan } from '../../../test/kits/providers/shared/testing/recordings.ts';
import { collect } from '../../../test/kits/providers/shared/testing/streams.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { WEATHER_TOOL, callOptions } from '../../../test/kits/providers/openai-compatible/chat-test-kit.ts';
import { createOpenAICompatibleLanguageModel } from './openai-compatible-language-model.ts';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible-presets.ts';

const startFake = fakeProviderPerTest();

function events(name: string): string[] {
  return chunkLines(readRecording(new URL(`../../../test/fixtures/providers/openai-compatible/vercel-ai/${name}`, import.meta.url)));
}

async function replay(name: string, split: SplitPlan['split'], provider: string): Promise<LanguageModelStreamPart[]> {
  const payload = frameAsSse(events(name), { lineEnd: '\n', trailer: '[DONE]' });
  const { settings } = await startFake(() => ({ chunks: split(payload) }), { basePath: '/v1', maxRetries: 0 });
  const model = createOpenAICompatibleLanguageModel('recorded', settings, { ...OPENAI_COMPATIBLE_PRESETS.openai, provider });
  const { stream } = await model.doStream(callOptions({ tools: [WEATHER_TOOL] }));
  return collect(stream);
}

function textOf(parts: LanguageModelStreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
}

/** The answer text a recording streamed in `delta.content`, read straight from the recording. */
function recordedText(name: string): string {
  return events(name)
    .map((line) => JSON.parse(line) as { choices?: Array<{ delta?: { content?: string | null } }> })
    .map((chunk) => chunk.choices?.[0]?.delta?.content ?? '')
    .join('');
}

describe.each(ODD_SPLITS)('chat completions recordings split into $label', ({ split }) => {
  it('azure-model-router (gpt-5-nano): reasoning_tokens are part of completion_tokens and counted once', async () => {
    const parts = await replay('openai/azure-model-router.1.chunks.txt', split, 'azure');
    expect(textOf(parts)).toBe('Capital of Denmark.');
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 15, cachedInputTokens: 0, outputTokens: 78, reasoningTokens: 64 } });
  });

  it('deepseek-reasoning: reasoning_content deltas stay out of the text; reasoning tokens within completion_tokens', async () => {
    const parts = await replay('deepseek/deepseek-reasoning.chunks.txt', split, 'deepseek');
    expect(textOf(parts)).toBe('The word "strawberry" contains three "r"s.');
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 18, cachedInputTokens: 0, outputTokens: 219, reasoningTokens: 205 } });
  });

  it('deepseek-tool-call: a call after reasoning, arguments joined from pieces, cached input', async () => {
    const parts = await replay('deepseek/deepseek-tool-call.chunks.txt', split, 'deepseek');
    expect(parts).toEqual([
      { type: 'tool-call', toolCallId: 'call_00_ioIn7yN9p1ZOMNpDLwd4MgAF', toolName: 'weather', input: '{"location": "San Francisco"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 339, cachedInputTokens: 320, outputTokens: 83, reasoningTokens: 39 } },
    ]);
  });

  it('groq-tool-call: a whole call in one delta, usage also under x_groq', async () => {
    const parts = await replay('groq/groq-tool-call.chunks.txt', split, 'groq');
    expect(parts).toEqual([
      { type: 'tool-call', toolCallId: 'tk85n1k4m', toolName: 'weather', input: '{}' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 210, cachedInputTokens: 0, outputTokens: 15, reasoningTokens: 0 } },
    ]);
  });

  it('xai-tool-call (grok-3-mini): reasoning_tokens reported apart from completion_tokens are added to the output', async () => {
    const parts = await replay('xai/xai-tool-call.chunks.txt', split, 'xai');
    // total_tokens 560 = prompt 307 + completion 26 + reasoning 227: xAI counts reasoning apart.
    expect(parts).toEqual([
      { type: 'tool-call', toolCallId: 'call_79382389', toolName: 'weather', input: '{"location":"San Francisco"}' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 307, cachedInputTokens: 306, outputTokens: 26 + 227, reasoningTokens: 227 } },
    ]);
  });
});

describe.each(ODD_SPLITS_LARGE)('large chat completions recordings split into $label', ({ split }) => {
  it('openai-text (gpt-4.1-nano): 300 deltas with non-ASCII text, usage after the finish chunk', async () => {
    const parts = await replay('openai/openai-text.chunks.txt', split, 'openai.chat');
    expect(textOf(parts)).toBe(recordedText('openai/openai-text.chunks.txt'));
    expect(textOf(parts)).toHaveLength(1724);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 16, cachedInputTokens: 0, outputTokens: 300, reasoningTokens: 0 } });
  });

  it('groq-reasoning (qwen3-32b): `reasoning` deltas stay out of the text; reasoning tokens within completion_tokens', async () => {
    const parts = await replay('groq/groq-reasoning.chunks.txt', split, 'groq');
    expect(textOf(parts)).toBe(recordedText('groq/groq-reasoning.chunks.txt'));
    expect(textOf(parts)).toMatch(/^The word \*\*"strawberry"\*\* is spelled as/);
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 17, cachedInputTokens: 0, outputTokens: 1107, reasoningTokens: 963 } });
  });
});

describe('chat completions recorded error bodies', () => {
  it('reasoning-model-legacy-parameter-error: the 400 rejects with status 400, not retried, OpenAI\'s message kept', async () => {
    const body = readRecording(new URL('../../../test/fixtures/providers/openai-compatible/vercel-ai/openai/reasoning-model-legacy-parameter-error.json', import.meta.url));
    const { server, settings } = await startFake(() => ({ status: 400, headers: { 'content-type': 'application/json' }, body }), { basePath: '/v1', maxRetries: 2 });
    const model = createOpenAICompatibleLanguageModel('o3-mini', settings, { ...OPENAI_COMPATIBLE_PRESETS.openai, maxTokensField: 'max_tokens' });
    const failure = await model.doStream(callOptions({ maxOutputTokens: 100 })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ name: 'ProviderError', status: 400, isRetryable: false, body });
    expect((failure as Error).message).toContain("Unsupported parameter: 'max_tokens' is not supported with this model.");
    expect(server.requests).toHaveLength(1);
  });
});

describe('chat completions recordings answered whole', () => {
  it('xai-text (grok-3-mini, not streamed): reasoning counted apart is added to the output once', async () => {
    const body = readRecording(new URL('../../../test/fixtures/providers/openai-compatible/vercel-ai/xai/xai-text.json', import.meta.url));
    const { settings } = await startFake(() => ({ headers: { 'content-type': 'application/json' }, body }), { basePath: '/v1', maxRetries: 0 });
    const model = createOpenAICompatibleLanguageModel('grok-3-mini', settings, { ...OPENAI_COMPATIBLE_PRESETS.openai, provider: 'xai' });
    const result = await model.doGenerate(callOptions());
    expect(result.content).toEqual([{ type: 'text', text: 'Grok' }]);
    expect(result.finishReason).toBe('stop');
    // total_tokens 334 = prompt 12 + completion 2 + reasoning 320.
    expect(result.usage).toEqual({ inputTokens: 12, cachedInputTokens: 2, outputTokens: 322, reasoningTokens: 320 });
  });
});
