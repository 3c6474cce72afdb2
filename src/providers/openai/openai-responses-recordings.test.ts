/**
 * The Responses adapter against streams vercel/ai recorded from api.openai.com (and GitHub
 * Copilot's Responses endpoint), replayed as `data:` SSE split at odd byte boundaries. See
 * test/fixtures/providers/openai/vercel-ai/responses/README.md for sources and framing.
 */
import { describe, expect, it } from 'vitest';
import { contractCallOptions } from '../../../test/kits/providers/contract/language-model.contract.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { fakeProviderPerTest } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { ODD_SPLITS, chunkLines, frameAsSse, readRecording, responsesOf, splitAtTrickyBytes, type SplitPlan } from '../../../test/kits/providers/shared/testing/recordings.ts';
import { collect } from '../../../test/kits/providers/shared/testing/streams.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { createOpenAIResponsesLanguageModel } from './openai-responses-language-model.ts';
import { streamPassthrough } from './openai-responses-passthrough.ts';

const startFake = fakeProviderPerTest();

function recording(name: string): string[] {
  return chunkLines(readRecording(new URL(`../../../test/fixtures/providers/openai/vercel-ai/responses/${name}`, import.meta.url)));
}

/** Streams each response in turn (request i gets response i), framed with `lineEnd`, cut by `split`. */
async function replay(responses: string[][], split: SplitPlan['split'], lineEnd: '\n' | '\r\n' = '\n') {
  const { settings } = await startFake(
    (_request, index) => ({ chunks: split(frameAsSse(responses[index] ?? [], { lineEnd })) }),
    { basePath: '/v1', maxRetries: 0, headers: { authorization: 'Bearer sk-test' } },
  );
  const model = createOpenAIResponsesLanguageModel('gpt-5', settings);
  const steps: LanguageModelStreamPart[][] = [];
  for (let step = 0; step < responses.length; step += 1) {
    const { stream } = await model.doStream(contractCallOptions({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
    steps.push(await collect(stream));
  }
  return steps;
}

function textOf(parts: LanguageModelStreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
}

describe.each(ODD_SPLITS)('openai.responses recordings split into $label', ({ split }) => {
  it('openai-reasoning-encrypted-content: three calculator calls over three steps, then the answer, with usage per step', async () => {
    const steps = await replay(responsesOf(recording('openai-reasoning-encrypted-content.1.chunks.txt')), split);
    expect(steps.map((parts) => parts.filter((part) => part.type === 'tool-call'))).toEqual([
      [{ type: 'tool-call', toolCallId: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn', toolName: 'calculator', input: '{"a":12,"b":7,"op":"add"}' }],
      [{ type: 'tool-call', toolCallId: 'call_Q6pW65MUgW9vF59BmItYGos3', toolName: 'calculator', input: '{"a":19,"b":3,"op":"multiply"}' }],
      [{ type: 'tool-call', toolCallId: 'call_Zl5vIMnD7dVAjgU6FkhmiCZh', toolName: 'calculator', input: '{"a":57,"b":10,"op":"multiply"}' }],
      [],
    ]);
    expect(steps.map(textOf)).toEqual(['', '', '', 'The final result is **570**.']);
    expect(steps.map((parts) => parts.at(-1))).toEqual([
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 134, cachedInputTokens: 0, outputTokens: 28, reasoningTokens: 0 } },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 221, cachedInputTokens: 0, outputTokens: 26, reasoningTokens: 0 } },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 260, cachedInputTokens: 0, outputTokens: 26, reasoningTokens: 0 } },
      { type: 'finish', finishReason: 'stop', usage: { inputTokens: 299, cachedInputTokens: 0, outputTokens: 12, reasoningTokens: 0 } },
    ]);
  });

  it('github-copilot-id-rotation: non-ASCII text whose item ids change between events arrives whole', async () => {
    const [parts = []] = await replay([recording('github-copilot-id-rotation.1.chunks.txt')], split);
    expect(textOf(parts)).toBe(
      'There are **3** letter **“r”**s in **“strawberry.”**\n\nBreakdown: **s t r a w b e r r y**  \nYou can see **r** at positions **3, 8, and 9**.',
    );
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 19, cachedInputTokens: 0, outputTokens: 105, reasoningTokens: 44 } });
  });

  it('openai-image-generation-tool: a hosted image call and an empty message yield no text and no call, with cached and reasoning usage', async () => {
    const [parts = []] = await replay([recording('openai-image-generation-tool.1.chunks.txt')], split);
    expect(parts).toEqual([{ type: 'finish', finishReason: 'stop', usage: { inputTokens: 2941, cachedInputTokens: 1920, outputTokens: 1249, reasoningTokens: 1024 } }]);
  });

  it('openai-error: the mid-stream insufficient_quota error rejects the stream with its code and message', async () => {
    const failure = await replay([recording('openai-error.1.chunks.txt')], split).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ProviderError);
    expect(failure).toMatchObject({
      isRetryable: false,
      message: expect.stringContaining('(code insufficient_quota): You exceeded your current quota, please check your plan and billing details.') as unknown,
    });
  });
});

describe('openai.responses recordings with CRLF line ends', () => {
  it('replays github-copilot-id-rotation framed with \\r\\n, split between \\r and \\n', async () => {
    const [parts = []] = await replay([recording('github-copilot-id-rotation.1.chunks.txt')], (payload) => splitAtTrickyBytes(payload, 13), '\r\n');
    expect(textOf(parts)).toContain('**“strawberry.”**');
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'stop' });
  });
});

describe('openai.responses recorded error bodies', () => {
  it('reasoning-model-temperature-error: the 400 rejects doStream with status 400, not retried, OpenAI\'s message kept', async () => {
    const body = readRecording(new URL('../../../test/fixtures/providers/openai/vercel-ai/responses/reasoning-model-temperature-error.json', import.meta.url));
    const { server, settings } = await startFake(() => ({ status: 400, headers: { 'content-type': 'application/json' }, body }), { basePath: '/v1', maxRetries: 2 });
    const model = createOpenAIResponsesLanguageModel('gpt-5', settings);
    const failure = await model.doStream(contractCallOptions({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], temperature: 0.5 })).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ name: 'ProviderError', status: 400, isRetryable: false, body });
    expect((failure as Error).message).toContain("Unsupported parameter: 'temperature' is not supported with this model.");
    expect(server.requests).toHaveLength(1);
  });
});

describe.each(ODD_SPLITS)('openai.responses passthrough of a recorded hosted image call split into $label', ({ split }) => {
  const events = recording('openai-image-generation-tool.1.chunks.txt');
  const body = { model: 'gpt-5', input: 'Draw a cat.', tools: [{ type: 'image_generation', partial_images: 1 }] };

  async function relay(maxImages: number | undefined): Promise<Array<Record<string, unknown>>> {
    const { settings } = await startFake(() => ({ chunks: split(frameAsSse(events, { lineEnd: '\n' })) }), { basePath: '/v1', maxRetries: 0 });
    const relayed: Array<Record<string, unknown>> = [];
    for await (const event of streamPassthrough({ body, settings, maxImages, abortSignal: new AbortController().signal })) relayed.push(event);
    return relayed;
  }

  it('relays every recorded event unchanged, partial image and final image included', async () => {
    expect(await relay(undefined)).toEqual(events.map((line) => JSON.parse(line) as unknown));
  });

  it('with no image allowed, cuts the stream at the image call and names it', async () => {
    const relayed = await relay(0);
    expect(relayed.map((event) => event.type)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.output_item.done', 'response.completed']);
    expect(relayed.at(-1)).toMatchObject({
      sequence_number: 4,
      response: { status: 'completed', output: [{ type: 'reasoning', id: 'rs_0df93c0bb83a72f20068c979db90b4819e94cedbfda2d49af6' }] },
      imagegate: { dropped_image_call: { id: 'ig_0df93c0bb83a72f20068c979f589c0819e9f0fc2d1a27aa1b8', output_index: 1 } },
    });
  });
});
