/**
 * The Anthropic adapter against Messages streams vercel/ai recorded from api.anthropic.com,
 * replayed with Anthropic's framing (`event: <type>` + `data: <json>`) split at odd byte
 * boundaries. See test/fixtures/providers/anthropic/vercel-ai/README.md for sources and framing.
 */
import { describe, expect, it } from 'vitest';
import { contractCallOptions } from '../../../test/kits/providers/contract/language-model.contract.ts';
import { fakeProviderPerTest } from '../../../test/kits/providers/shared/testing/fake-provider.ts';
import { ODD_SPLITS, chunkLines, frameAsSse, readRecording, splitAtTrickyBytes, type SplitPlan } from '../../../test/kits/providers/shared/testing/recordings.ts';
import { collect } from '../../../test/kits/providers/shared/testing/streams.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { createAnthropicLanguageModel } from './anthropic-language-model.ts';

const startFake = fakeProviderPerTest();

async function replay(name: string, split: SplitPlan['split'], lineEnd: '\n' | '\r\n' = '\n'): Promise<LanguageModelStreamPart[]> {
  const events = chunkLines(readRecording(new URL(`../../../test/fixtures/providers/anthropic/vercel-ai/${name}`, import.meta.url)));
  const { settings } = await startFake(() => ({ chunks: split(frameAsSse(events, { lineEnd, eventField: true })) }), {
    basePath: '/v1',
    maxRetries: 0,
    headers: { 'x-api-key': 'sk-ant-test', 'anthropic-version': '2023-06-01' },
  });
  const model = createAnthropicLanguageModel('claude-sonnet-4-5', settings);
  const { stream } = await model.doStream(contractCallOptions({ prompt: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }] }));
  return collect(stream);
}

function textOf(parts: LanguageModelStreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
}

describe.each(ODD_SPLITS)('anthropic recordings split into $label', ({ split }) => {
  it('anthropic-text: the text and its usage', async () => {
    const parts = await replay('anthropic-text.chunks.txt', split);
    expect(textOf(parts)).toBe("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 12, cachedInputTokens: 0, outputTokens: 30, reasoningTokens: 0 } });
  });

  it('anthropic-clear-thinking: thinking and its signature stay out of the text; non-ASCII text arrives whole', async () => {
    const parts = await replay('anthropic-clear-thinking.1.chunks.txt', split);
    expect(textOf(parts)).toBe('925 ÷ 5 = 185');
    // output_tokens includes the thinking; Anthropic does not report thinking tokens apart here.
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 69, cachedInputTokens: 0, outputTokens: 53, reasoningTokens: 0 } });
  });

  it('anthropic-tool-no-args: text, then a tool call without arguments as {}', async () => {
    const parts = await replay('anthropic-tool-no-args.chunks.txt', split);
    expect(textOf(parts)).toBe("I'll update the issue list for you.");
    expect(parts.filter((part) => part.type !== 'text-delta')).toEqual([
      { type: 'tool-call', toolCallId: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', toolName: 'updateIssueList', input: '{}' },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 565, cachedInputTokens: 0, outputTokens: 48, reasoningTokens: 0 } },
    ]);
  });

  it('anthropic-json-tool: arguments joined from their input_json_delta pieces', async () => {
    const parts = await replay('anthropic-json-tool.1.chunks.txt', split);
    expect(parts).toEqual([
      {
        type: 'tool-call',
        toolCallId: 'toolu_01KFbKqPYSuAKujiL6mTfzYA',
        toolName: 'json',
        input: '{"elements": [{"location": "San Francisco", "temperature": 58, "condition": "sunny"}]}',
      },
      { type: 'finish', finishReason: 'tool-calls', usage: { inputTokens: 849, cachedInputTokens: 0, outputTokens: 47, reasoningTokens: 0 } },
    ]);
  });

  it('anthropic-message-delta-input-tokens: the input count message_delta revises wins over message_start', async () => {
    const parts = await replay('anthropic-message-delta-input-tokens.chunks.txt', split);
    expect(textOf(parts)).toBe('pong');
    expect(parts.at(-1)).toEqual({ type: 'finish', finishReason: 'stop', usage: { inputTokens: 61, cachedInputTokens: 0, outputTokens: 2, reasoningTokens: 0 } });
  });

  it('anthropic-code-execution prompt cache: server tool blocks are not client calls; cache reads and writes count as input', async () => {
    const parts = await replay('anthropic-code-execution-20260120-prompt-cache.1.chunks.txt', split);
    expect(parts.filter((part) => part.type === 'tool-call')).toEqual([]);
    expect(textOf(parts)).toBe('The sum of the squares of the numbers 1 through 12 is **650**.');
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'stop',
      usage: { inputTokens: 6 + 3337 + 6289, cachedInputTokens: 6289, outputTokens: 198, reasoningTokens: 0 },
    });
  });
});

describe('anthropic recordings with CRLF line ends', () => {
  it('replays anthropic-clear-thinking framed with \\r\\n, split between \\r and \\n and inside ÷', async () => {
    const parts = await replay('anthropic-clear-thinking.1.chunks.txt', (payload) => splitAtTrickyBytes(payload, 13), '\r\n');
    expect(textOf(parts)).toBe('925 ÷ 5 = 185');
  });
});
