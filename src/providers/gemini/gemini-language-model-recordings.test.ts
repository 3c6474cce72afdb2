/**
 * The Gemini adapter against recordings of the Gemini API published by vercel/ai
 * (`*.chunks.txt`) and googleapis/js-genai (replay files), replayed with Google's `alt=sse`
 * framing (`data: <json>\r\n\r\n`) split at odd byte boundaries. See test/fixtures/providers/gemini/vercel-ai/README.md
 * and test/fixtures/providers/gemini/js-genai/README.md for sources and framing.
 */
import { describe, expect, it } from 'vitest';
import type { FakeReply } from '../../../test/support/fake-http-server.ts';
import { contractCallOptions } from '../../../test/kits/providers/contract/language-model.contract.ts';
import { readImageDimensions } from '../../media/read-image-dimensions.ts';
import { fakeProviderPerTest } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { ODD_SPLITS, ODD_SPLITS_LARGE, chunkLines, frameAsSse, readRecording, type SplitPlan } from '../../../test/kits/providers/shared/testing/recordings.ts';
import { collect } from '../../../test/kits/providers/shared/testing/streams.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { geminiTestSettings } from '../../../test/kits/providers/gemini/gemini-generate-content-test-kit.ts';
import { createGeminiLanguageModel } from './gemini-language-model.ts';

const startFake = fakeProviderPerTest();

interface JsGenaiReplay {
  interactions: Array<{ request: { url: string }; response: { statusCode: number; bodySegments: unknown[] } }>;
}

function jsGenai(name: string): JsGenaiReplay {
  return JSON.parse(readRecording(new URL(`../../../test/fixtures/providers/gemini/js-genai/${name}`, import.meta.url))) as JsGenaiReplay;
}

function vercel(name: string): string[] {
  return chunkLines(readRecording(new URL(`../../../test/fixtures/providers/gemini/vercel-ai/${name}`, import.meta.url)));
}

/** One streamed answer per request, each event framed as Google frames it. */
async function replayStreams(answers: string[][], split: SplitPlan['split'], modelId = 'gemini-2.5-flash'): Promise<LanguageModelStreamPart[][]> {
  const { server } = await startFake((_request, index): FakeReply => ({ chunks: split(frameAsSse(answers[index] ?? [], { lineEnd: '\r\n' })) }));
  const model = createGeminiLanguageModel(modelId, geminiTestSettings(server.url, [], { maxRetries: 0 }));
  const results: LanguageModelStreamPart[][] = [];
  for (const _answer of answers) {
    const { stream } = await model.doStream(contractCallOptions({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
    results.push(await collect(stream));
  }
  return results;
}

function textOf(parts: LanguageModelStreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
}

const imageRecording = 'Client_Tests_generateContentStream_ML_Dev_should_stream_generate_content_with_image_output.json';

/** The image the recording carries, decoded straight from it. */
function recordedImage(): { mimeType: string; bytes: Buffer } {
  for (const segment of jsGenai(imageRecording).interactions[0]?.response.bodySegments ?? []) {
    const parts = (segment as { candidates?: Array<{ content?: { parts?: Array<{ inlineData?: { mimeType: string; data: string } }> } }> }).candidates?.[0]?.content?.parts;
    const inline = parts?.find((part) => part.inlineData)?.inlineData;
    if (inline) return { mimeType: inline.mimeType, bytes: Buffer.from(inline.data, 'base64') };
  }
  throw new Error('the recording holds no image');
}

describe.each(ODD_SPLITS)('gemini recordings split into $label', ({ split }) => {
  it('vercel google-text: text over three chunks; thinking counted as output and as reasoning', async () => {
    const [parts = []] = await replayStreams([vercel('google-text.chunks.txt')], split);
    expect(textOf(parts)).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 9, cachedInputTokens: 0, outputTokens: 23 + 185, reasoningTokens: 185 } });
  });

  it('vercel google-reasoning-gemini3: the text; the thought signature part is no text', async () => {
    const [parts = []] = await replayStreams([vercel('google-reasoning-gemini3.chunks.txt')], split, 'gemini-3-pro-preview');
    expect(textOf(parts)).toBe('There are **3** "r"s in strawberry.\n\nSt**r**awbe**rr**y');
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 9, cachedInputTokens: 0, outputTokens: 23 + 302, reasoningTokens: 302 } });
  });

  it('vercel google-tool-call and google-tool-call-gemini3: a signed function call, finish tool-calls', async () => {
    const [flash = [], three = []] = await replayStreams([vercel('google-tool-call.chunks.txt'), vercel('google-tool-call-gemini3.chunks.txt')], split);
    for (const [parts, thoughts] of [
      [flash, 45],
      [three, 804],
    ] as const) {
      expect(parts).toEqual([
        { type: 'tool-call', toolCallId: expect.any(String) as unknown, toolName: 'weather', input: '{"location":"San Francisco"}' },
        { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 29, cachedInputTokens: 0, outputTokens: 15 + thoughts, reasoningTokens: thoughts } },
      ]);
    }
  });

  it('js-genai chat function calling (gemini-2.0-flash): two streamed calls, one per turn', async () => {
    const turns = jsGenai('Chats_Tests_chats_function_calling_Google_AI_with_function_calling_stream.json').interactions.map((interaction) =>
      interaction.response.bodySegments.map((segment) => JSON.stringify(segment)),
    );
    const [first = [], second = []] = await replayStreams(turns, split, 'gemini-2.0-flash');
    expect(first.map((part) => (part.type === 'tool-call' ? [part.toolName, part.input] : part.type))).toEqual([['customDivide', '{"denominator":2,"numerator":100}'], 'finish']);
    expect(second.map((part) => (part.type === 'tool-call' ? [part.toolName, part.input] : part.type))).toEqual([['customDivide', '{"denominator":2,"numerator":50}'], 'finish']);
    expect(second.at(-1)).toEqual({ type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 38, cachedInputTokens: 0, outputTokens: 6, reasoningTokens: 0 } });
  });
});

describe.each(ODD_SPLITS_LARGE)('gemini native-image recording split into $label', ({ split }) => {
  it('js-genai image output (gemini-2.0-flash-preview-image-generation): the text, then the inline PNG as a file part', async () => {
    const answer = (jsGenai(imageRecording).interactions[0]?.response.bodySegments ?? []).map((segment) => JSON.stringify(segment));
    const [parts = []] = await replayStreams([answer], split, 'gemini-2.0-flash-preview-image-generation');
    const recorded = recordedImage();
    expect(parts.map((part) => part.type)).toEqual(['text-delta', 'text-delta', 'text-delta', 'file', 'finish']);
    expect(textOf(parts)).toBe('I will generate an image of the Eiffel Tower at night, with a vibrant and colorful fireworks display exploding behind it, illuminating the sky.\n\n');
    const file = parts.find((part) => part.type === 'file');
    expect(file?.mediaType).toBe('image/png');
    expect(file?.data.byteLength).toBe(990040);
    expect(Buffer.from(file?.data ?? []).equals(recorded.bytes)).toBe(true);
    expect(readImageDimensions(file?.data ?? new Uint8Array())).toEqual({ width: 510, height: 1024 });
    // candidatesTokenCount includes the 1290 image tokens (candidatesTokensDetails, modality IMAGE).
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 15, cachedInputTokens: 0, outputTokens: 1318, reasoningTokens: 0, imageOutputTokens: 1290 } });
  });
});

describe('gemini recordings answered whole or refused', () => {
  it('js-genai thinking (generateContent): only a thought part, MAX_TOKENS → length, no text, thoughts as output', async () => {
    const body = jsGenai('Client_Tests_test_thinking_generate_content_should_return_thought_field.json').interactions[0]?.response.bodySegments[0];
    const { server } = await startFake(() => ({ json: body }));
    const model = createGeminiLanguageModel('gemini-2.0-flash-thinking-exp', geminiTestSettings(server.url, [], { maxRetries: 0 }));
    const result = await model.doGenerate(contractCallOptions({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
    expect(result).toMatchObject({ content: [], finishReason: 'length', usage: { inputTokens: 17, cachedInputTokens: 0, outputTokens: 19, reasoningTokens: 19 } });
  });

  it('js-genai stream with error: the 404 for an unknown model rejects doStream with status 404 and Google\'s message', async () => {
    const { statusCode, bodySegments } = jsGenai('Chats_Tests_sendMessage_Send_message_stream_with_error.json').interactions[0]?.response ?? { statusCode: 0, bodySegments: [] };
    const { server } = await startFake(() => ({ status: statusCode, headers: { 'content-type': 'text/event-stream' }, body: JSON.stringify(bodySegments[0]) }));
    const model = createGeminiLanguageModel('custom-gemini-2.0-flash', geminiTestSettings(server.url, [], { maxRetries: 0 }));
    const failure = await model.doStream(contractCallOptions({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ name: 'ProviderError', status: 404, isRetryable: false });
    expect(String((failure as Error).message)).toContain('models/custom-gemini-2.0-flash is not found for API version v1beta');
  });

  it('vercel google-429-retry-info: the 429 is retryable and keeps Google\'s message', async () => {
    const body = readRecording(new URL('../../../test/fixtures/providers/gemini/vercel-ai/google-429-retry-info.json', import.meta.url));
    const { server } = await startFake(() => ({ status: 429, headers: { 'content-type': 'application/json' }, body }));
    const model = createGeminiLanguageModel('gemini-2.5-flash', geminiTestSettings(server.url, [], { maxRetries: 0 }));
    const failure = await model.doStream(contractCallOptions({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ name: 'ProviderError', status: 429, isRetryable: true });
    expect((failure as Error).message).toContain('You exceeded your current quota, please check your plan.');
  });
});
