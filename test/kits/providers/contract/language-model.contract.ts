/**
 * The contract every LanguageModel adapter passes. Call `runLanguageModelContract` from the
 * adapter's own `*.test.ts`; `create` wires the adapter to whatever it talks to in tests (a local
 * fake of the provider's HTTP API, or nothing for the simulator).
 */
import { describe, expect, it } from 'vitest';
import type {
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelMessage,
  LanguageModelStreamPart,
  LanguageModelTool,
  LanguageModelUsage,
} from '../../../../src/providers/spec/language-model.ts';

export interface LanguageModelContractScenarios {
  /** A prompt the model answers with plain text (at least one text delta). */
  readonly textPrompt: ReadonlyArray<LanguageModelMessage>;
  /** A prompt to which the model answers with a call to `tool` when forced to. */
  readonly toolPrompt: ReadonlyArray<LanguageModelMessage>;
  readonly tool: LanguageModelTool;
}

export interface LanguageModelContractOptions {
  /** Shown in the describe block, e.g. `simulator`. */
  readonly name: string;
  /** A fresh model for each test. */
  readonly create: () => LanguageModel | Promise<LanguageModel>;
  /** Overrides for the default prompts, e.g. to match recorded fixtures. */
  readonly scenarios?: Partial<LanguageModelContractScenarios>;
}

const DEFAULT_SCENARIOS: LanguageModelContractScenarios = {
  textPrompt: [{ role: 'user', content: [{ type: 'text', text: 'Say hello in a few words.' }] }],
  toolPrompt: [{ role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] }],
  tool: {
    name: 'get_weather',
    description: 'Current weather for a city.',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string', description: 'City name' } },
      required: ['city'],
      additionalProperties: false,
    },
  },
};

/** Every option spelled out, as the loop does: each adapter must cope with all of them undefined. */
export function contractCallOptions(overrides: Partial<LanguageModelCallOptions>): LanguageModelCallOptions {
  return {
    prompt: [],
    tools: undefined,
    toolChoice: undefined,
    parallelToolCalls: undefined,
    maxOutputTokens: undefined,
    temperature: undefined,
    topP: undefined,
    partsAsTheyCome: undefined,
    abortSignal: new AbortController().signal,
    ...overrides,
  };
}

async function collectParts(stream: AsyncIterable<LanguageModelStreamPart>): Promise<LanguageModelStreamPart[]> {
  const parts: LanguageModelStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

function expectValidUsage(usage: LanguageModelUsage): void {
  for (const value of [usage.inputTokens, usage.cachedInputTokens, usage.outputTokens, usage.reasoningTokens]) {
    expect(Number.isInteger(value)).toBe(true);
    expect(value).toBeGreaterThanOrEqual(0);
  }
}

/** The rejection is the signal's reason itself, or an error that keeps it as `cause`. */
function expectAbortReason(error: unknown, reason: unknown): void {
  if (error === reason) return;
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).cause).toBe(reason);
}

export function runLanguageModelContract(options: LanguageModelContractOptions): void {
  const scenarios: LanguageModelContractScenarios = { ...DEFAULT_SCENARIOS, ...options.scenarios };
  const textOptions = (): LanguageModelCallOptions => contractCallOptions({ prompt: scenarios.textPrompt });
  const forcedToolOptions = (): LanguageModelCallOptions =>
    contractCallOptions({
      prompt: scenarios.toolPrompt,
      tools: [scenarios.tool],
      toolChoice: { type: 'tool', toolName: scenarios.tool.name },
    });

  describe(`LanguageModel contract: ${options.name}`, () => {
    it('names its provider and model', async () => {
      const model = await options.create();
      expect(model.provider).toMatch(/\S/);
      expect(model.modelId).toMatch(/\S/);
    });

    it('ends doStream with exactly one finish part, last', async () => {
      const model = await options.create();
      const { stream, warnings } = await model.doStream(textOptions());
      const parts = await collectParts(stream);
      expect(Array.isArray(warnings)).toBe(true);
      expect(parts.filter((part) => part.type === 'finish')).toHaveLength(1);
      expect(parts.at(-1)?.type).toBe('finish');
    });

    it('streams text deltas that concatenate to the text doGenerate returns', async () => {
      const model = await options.create();
      const parts = await collectParts((await model.doStream(textOptions())).stream);
      const streamedText = parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
      const generated = await model.doGenerate(textOptions());
      const generatedText = generated.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
      expect(streamedText.length).toBeGreaterThan(0);
      expect(streamedText).toBe(generatedText);
      const finish = parts.at(-1);
      expect(finish?.type === 'finish' ? finish.finishReason : undefined).toBe(generated.finishReason);
    });

    it('emits a tool call with parseable JSON input when toolChoice forces the tool', async () => {
      const model = await options.create();
      const result = await model.doGenerate(forcedToolOptions());
      const calls = result.content.filter((part) => part.type === 'tool-call');
      expect(calls.length).toBeGreaterThanOrEqual(1);
      for (const call of calls) {
        expect(call.toolName).toBe(scenarios.tool.name);
        expect(call.toolCallId).toMatch(/\S/);
        const input: unknown = JSON.parse(call.input);
        expect(typeof input === 'object' && input !== null && !Array.isArray(input)).toBe(true);
      }
      expect(result.finishReason).toBe('tool-calls');
    });

    it('reports usage as non-negative integers, streamed and generated', async () => {
      const model = await options.create();
      const parts = await collectParts((await model.doStream(forcedToolOptions())).stream);
      const finish = parts.at(-1);
      if (finish?.type !== 'finish') throw new Error('stream did not end with finish');
      expectValidUsage(finish.usage);
      const generated = await model.doGenerate(textOptions());
      expectValidUsage(generated.usage);
      expect(generated.usage.outputTokens).toBeGreaterThan(0);
    });

    it('rejects when the abort signal is already aborted', async () => {
      const model = await options.create();
      const controller = new AbortController();
      const reason = new Error('caller went away');
      controller.abort(reason);
      const attempt = model.doGenerate(contractCallOptions({ prompt: scenarios.textPrompt, abortSignal: controller.signal }));
      const error: unknown = await attempt.then(
        () => new Error('expected a rejection'),
        (rejection: unknown) => rejection,
      );
      expectAbortReason(error, reason);
    });

    it('rejects mid-stream when aborted after the first part', async () => {
      const model = await options.create();
      const controller = new AbortController();
      const reason = new Error('stopped by the user');
      const { stream } = await model.doStream(
        contractCallOptions({ prompt: scenarios.textPrompt, abortSignal: controller.signal }),
      );
      let error: unknown;
      try {
        for await (const part of stream) {
          expect(part.type).not.toBe('finish');
          controller.abort(reason);
        }
      } catch (caught) {
        error = caught;
      }
      expectAbortReason(error, reason);
    });
  });
}
