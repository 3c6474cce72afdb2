import { encode } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { runLanguageModelContract } from '../../../test/kits/providers/contract/language-model.contract.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { TOKENS_PER_IMAGE_PART } from './count-tokens.ts';
import {
  IMAGE_TOOL,
  options,
  textOf,
  toolCallsOf,
  userText,
  userWithImage,
} from '../../../test/kits/providers/simulator/simulator-test-kit.ts';
import { SIMULATOR_MODEL_IDS, createSimulatorLanguageModel, isSimulatorModelId } from './simulator-language-model.ts';

for (const modelId of ['simulator', 'simulator-repeat', 'simulator-parallel-3']) {
  runLanguageModelContract({ name: modelId, create: () => createSimulatorLanguageModel(modelId) });
}

async function streamParts(modelId: string, overrides: Parameters<typeof options>[0]): Promise<LanguageModelStreamPart[]> {
  const { stream } = await createSimulatorLanguageModel(modelId).doStream(options(overrides));
  const parts: LanguageModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

describe('simulator model ids', () => {
  it('lists the documented ids, all valid', () => {
    expect(SIMULATOR_MODEL_IDS).toEqual([
      'simulator',
      'simulator-repeat',
      'simulator-parallel-2',
      'simulator-parallel-3',
      'simulator-parallel-5',
    ]);
    for (const id of SIMULATOR_MODEL_IDS) expect(isSimulatorModelId(id)).toBe(true);
  });

  it('accepts simulator-parallel-N for N in 1..20 only', () => {
    expect(isSimulatorModelId('simulator-parallel-1')).toBe(true);
    expect(isSimulatorModelId('simulator-parallel-20')).toBe(true);
    for (const id of ['simulator-parallel-0', 'simulator-parallel-21', 'simulator-parallel-05', 'simulator-parallel-', 'gpt-4o', 'simulator-x']) {
      expect(isSimulatorModelId(id)).toBe(false);
    }
  });

  it('refuses unknown ids and bad delays', () => {
    expect(() => createSimulatorLanguageModel('gpt-4o')).toThrow(RangeError);
    expect(() => createSimulatorLanguageModel('simulator', { tokenDelayMillis: -1 })).toThrow(RangeError);
    const model = createSimulatorLanguageModel('simulator-parallel-5');
    expect([model.provider, model.modelId]).toEqual(['simulator', 'simulator-parallel-5']);
  });
});

describe('simulator streaming', () => {
  it('emits one text delta per token, then one finish', async () => {
    const parts = await streamParts('simulator', { prompt: [userText('hello there')] });
    const deltas = parts.filter((part) => part.type === 'text-delta');
    const text = deltas.map((part) => part.delta).join('');
    expect(deltas).toHaveLength(encode(text).length);
    expect(parts.at(-1)).toEqual({
      type: 'finish',
      finishReason: 'stop',
      usage: { inputTokens: encode('hello there').length, cachedInputTokens: 0, outputTokens: deltas.length, reasoningTokens: 0 },
    });
  });

  it('keeps multi-byte characters whole across token boundaries', async () => {
    const model = createSimulatorLanguageModel('simulator');
    const result = await model.doGenerate(options({ prompt: [userText('🦊🦊 日本語 <|endoftext|>')] }));
    expect(textOf(result)).toContain('🦊🦊 日本語 <|endoftext|>');
  });

  it('stops at maxOutputTokens with finishReason length', async () => {
    const parts = await streamParts('simulator', { prompt: [userText('hello there')], maxOutputTokens: 3 });
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(3);
    const finish = parts.at(-1);
    expect(finish?.type === 'finish' && [finish.finishReason, finish.usage.outputTokens]).toEqual(['length', 3]);
  });

  it('emits tool calls after no text and finishes with tool-calls', async () => {
    const parts = await streamParts('simulator', { prompt: [userText('draw a red fox')], tools: [IMAGE_TOOL] });
    expect(parts.map((part) => part.type)).toEqual(['tool-call', 'finish']);
    const [call, finish] = parts;
    if (call?.type !== 'tool-call' || finish?.type !== 'finish') throw new Error('unexpected parts');
    expect(finish.finishReason).toBe('tool-calls');
    expect(finish.usage.outputTokens).toBe(encode(call.input).length);
  });

  it('counts prompt text, tool definitions and a flat charge per image part', async () => {
    const model = createSimulatorLanguageModel('simulator');
    const withoutImage = await model.doGenerate(options({ prompt: [{ role: 'system', content: 'Be brief.' }, userText('hi')] }));
    const withImage = await model.doGenerate(options({ prompt: [{ role: 'system', content: 'Be brief.' }, userWithImage('hi')] }));
    expect(withoutImage.usage.inputTokens).toBe(encode('Be brief.').length + encode('hi').length);
    expect(withImage.usage.inputTokens - withoutImage.usage.inputTokens).toBe(TOKENS_PER_IMAGE_PART);
    const withTool = await model.doGenerate(options({ prompt: [userText('hi')], tools: [IMAGE_TOOL], toolChoice: { type: 'none' } }));
    const toolTokens = encode(IMAGE_TOOL.name).length + encode(IMAGE_TOOL.description).length + encode(JSON.stringify(IMAGE_TOOL.parameters)).length;
    expect(withTool.usage.inputTokens).toBe(encode('hi').length + toolTokens);
  });

  it('warns that temperature and topP are ignored, and only when set', async () => {
    const model = createSimulatorLanguageModel('simulator');
    const quiet = await model.doGenerate(options({ prompt: [userText('hi')] }));
    expect(quiet.warnings).toEqual([]);
    const loud = await model.doGenerate(options({ prompt: [userText('hi')], temperature: 0.2, topP: 0.9 }));
    expect(loud.warnings.map((warning) => warning.setting)).toEqual(['temperature', 'topP']);
  });

  it('rejects with the reason when aborted during a token delay, without waiting it out', async () => {
    const model = createSimulatorLanguageModel('simulator', { tokenDelayMillis: 60_000 });
    const controller = new AbortController();
    const reason = new Error('client closed');
    const { stream } = await model.doStream(options({ prompt: [userText('hello there')], abortSignal: controller.signal }));
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ type: 'text-delta' });
    const next = iterator.next();
    controller.abort(reason);
    await expect(next).rejects.toBe(reason);
  });
});

describe('simulator determinism', () => {
  it('answers the same input with the same output', async () => {
    const request = options({ prompt: [userText('generate 3 images of a red fox')], tools: [IMAGE_TOOL] });
    const first = await createSimulatorLanguageModel('simulator-parallel-3').doGenerate(request);
    const second = await createSimulatorLanguageModel('simulator-parallel-3').doGenerate(request);
    expect(second).toEqual(first);
    const ids = toolCallsOf(first).map((call) => call.toolCallId);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^call_[0-9a-f]{16}$/);
  });

  it('gives the same message at another position in the conversation other call ids', async () => {
    const model = createSimulatorLanguageModel('simulator');
    const first = await model.doGenerate(options({ prompt: [userText('draw a fox')], tools: [IMAGE_TOOL] }));
    const later = await model.doGenerate(
      options({ prompt: [userText('hi'), { role: 'assistant', content: [{ type: 'text', text: 'hello' }] }, userText('draw a fox')], tools: [IMAGE_TOOL] }),
    );
    expect(toolCallsOf(later)[0]?.toolCallId).not.toBe(toolCallsOf(first)[0]?.toolCallId);
  });
});
