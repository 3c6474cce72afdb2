import { describe, expect, it } from 'vitest';
import { sequentialIdGenerator } from '../ids/id-generator.ts';
import { combineLimits } from '../policy/response-limits.ts';
import { createProceduralImageModel } from '../providers/procedural/procedural-image-model.ts';
import { ResponseEmitter } from '../responses/response-emitter.ts';
import type { ResponseObject } from '../responses/wire/response-object.ts';
import type { ImageToolSettings } from '../tools/image-generation/image-tool-settings.ts';
import { ScriptedLanguageModel, type ScriptedStep } from '../../test/support/scripted-language-model.ts';
import { runResponseLoop } from './run-response-loop.ts';
import type { ResponseLoopInput } from './response-loop-types.ts';
import { planToolChoice } from './tool-choice.ts';

const imageTool: ImageToolSettings = {
  model: undefined,
  size: '64x64',
  quality: 'low',
  outputFormat: 'png',
  outputCompression: 100,
  background: 'opaque',
  moderation: 'auto',
  inputFidelity: undefined,
  partialImages: 0,
  action: 'auto',
  mask: undefined,
};
const imageModel = createProceduralImageModel();

function emptyResponse(): ResponseObject {
  return { id: 'resp_test', object: 'response', output: [] } as unknown as ResponseObject;
}

async function run(steps: ScriptedStep[], overrides: Partial<ResponseLoopInput> = {}) {
  const model = new ScriptedLanguageModel(steps);
  const emitter = new ResponseEmitter(undefined);
  emitter.emit({ type: 'response.created', response: emptyResponse() });
  const outcome = await runResponseLoop({
    languageModel: model,
    imageModel,
    messages: [{ role: 'user', content: [{ type: 'text', text: 'draw' }] }],
    contextImages: [],
    imageTool,
    functionTools: [],
    toolChoice: planToolChoice('auto'),
    parallelToolCalls: true,
    maxOutputTokens: undefined,
    temperature: undefined,
    topP: undefined,
    limits: combineLimits([]),
    maxModelSteps: 8,
    streaming: false,
    eventsWatched: false,
    emitter,
    generateId: sequentialIdGenerator(),
    abortSignal: new AbortController().signal,
    ...overrides,
  });
  const images = emitter.snapshot.output.filter((item) => item.type === 'image_generation_call' && item.status === 'completed');
  return { outcome, images, model, output: emitter.snapshot.output };
}

const imageCall = (prompt: string) => ({ toolName: 'image_generation', input: { prompt } });

describe('runResponseLoop', () => {
  it('stops a model that keeps calling the tool at max_tool_calls and withdraws the tool', async () => {
    const steps = [1, 2, 3, 4].map((n) => ({ toolCalls: [imageCall(`cat ${n}`)] }));
    const { outcome, images, model } = await run([...steps, { text: 'done' }], { limits: combineLimits([{ maxToolCalls: 1 }]) });
    expect(images).toHaveLength(1);
    expect(outcome.status).toBe('completed');
    expect(model.calls[0]?.tools?.map((tool) => tool.name)).toEqual(['image_generation']);
    expect(model.calls[1]?.tools).toBeUndefined();
    expect(outcome.ignoredToolCalls.map((call) => call.reason)).toEqual(['max_tool_calls', 'max_tool_calls', 'max_tool_calls']);
  });

  it('counts the model steps that ran, however the loop ends', async () => {
    // Two steps, ending in text.
    expect((await run([{ toolCalls: [imageCall('a cat')] }, { text: 'done' }])).outcome.modelSteps).toBe(2);
    // Cut at the output bound: the step that hit it counts.
    expect((await run([{ toolCalls: [imageCall('a cat')] }, { text: 'long', finishReason: 'length' }])).outcome).toMatchObject({ status: 'incomplete', modelSteps: 2 });
    // Every step allowed, the last one offered no tools.
    const capped = await run([1, 2, 3].map((n) => ({ toolCalls: [imageCall(`cat ${n}`)] })), { maxModelSteps: 3 });
    expect(capped.outcome).toMatchObject({ status: 'completed', modelSteps: 3 });
    // Out of output tokens before a step: that step never ran.
    const spent = await run([{ toolCalls: [imageCall('a cat')] }, { text: 'never' }], { maxOutputTokens: 5 });
    expect(spent.outcome.modelSteps).toBe(spent.model.calls.length);
  });

  it('counts parallel calls of one turn one by one, in order', async () => {
    const { images, outcome } = await run([{ toolCalls: ['a', 'b', 'c', 'd', 'e'].map(imageCall) }, { text: 'ok' }], {
      limits: combineLimits([{ maxImages: 2 }]),
    });
    expect(images).toHaveLength(2);
    expect(images.map((item) => (item as { revised_prompt?: string }).revised_prompt)).toEqual([
      expect.stringContaining('a'),
      expect.stringContaining('b'),
    ]);
    expect(outcome.ignoredToolCalls.map((call) => call.prompt)).toEqual(['c', 'd', 'e']);
  });

  it('reuses the image for a repeated identical prompt instead of generating it again', async () => {
    const { images, outcome } = await run([{ toolCalls: [imageCall('A red fox')] }, { toolCalls: [imageCall('a  red FOX ')] }, { text: 'ok' }]);
    expect(images).toHaveLength(1);
    expect(outcome.ignoredToolCalls).toEqual([{ call_id: 'call_1_0', prompt: 'a  red FOX ', reason: 'duplicate_prompt', reused_item_id: images[0]?.id }]);
  });

  it('forces the tool until an exact count exists, then withdraws it', async () => {
    const { images, model } = await run([{ text: 'no image' }, { toolCalls: [imageCall('x')] }, { toolCalls: [imageCall('y')] }, { text: 'ok' }], {
      limits: combineLimits([{ exactImages: 2 }]),
    });
    expect(images).toHaveLength(2);
    expect(model.calls[0]?.toolChoice).toEqual({ type: 'tool', toolName: 'image_generation' });
    expect(model.calls[3]?.tools).toBeUndefined();
  });

  it('has a hard cap on model steps and offers no tools on the last one', async () => {
    const endless = Array.from({ length: 50 }, (_, n) => ({ toolCalls: [imageCall(`p${n}`)] }));
    const { outcome, model, images } = await run(endless, { maxModelSteps: 4 });
    expect(model.calls).toHaveLength(4);
    expect(model.calls[3]?.tools).toBeUndefined();
    expect(images).toHaveLength(3);
    expect(outcome.ignoredToolCalls.at(-1)?.reason).toBe('step_limit');
  });

  it('returns function calls to the caller and stops', async () => {
    const { outcome, output } = await run([{ toolCalls: [{ toolName: 'get_weather', input: { city: 'Oslo' } }] }, { text: 'never' }], {
      functionTools: [{ name: 'get_weather', description: '', parameters: {} }],
    });
    expect(outcome.status).toBe('completed');
    expect(output).toEqual([expect.objectContaining({ type: 'function_call', name: 'get_weather', arguments: '{"city":"Oslo"}', call_id: 'call_0_0' })]);
  });

  it('a randomized model never gets more images than any limit allows, and always terminates', async () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(values: T[]): T => values[Math.floor(random() * values.length)] as T;
    for (let trial = 0; trial < 1000; trial++) {
      const steps: ScriptedStep[] = Array.from({ length: 1 + Math.floor(random() * 12) }, () => ({
        text: random() < 0.3 ? 'thinking' : undefined,
        toolCalls: Array.from({ length: Math.floor(random() * 5) }, () =>
          random() < 0.1 ? { toolName: 'image_generation', input: 'not json' } : imageCall(pick(['cat', 'dog', 'fox', 'owl', 'cat ', 'bee', 'elk'])),
        ),
      }));
      const source = { maxToolCalls: pick([undefined, 1, 2, 3]), maxImages: pick([undefined, 0, 1, 2, 4]), exactImages: pick([undefined, 1, 2, 3]) };
      const limits = combineLimits([source]);
      const maxModelSteps = pick([2, 4, 8]);
      const { outcome, images, model } = await run(steps, { limits, maxModelSteps, parallelToolCalls: random() < 0.5 });
      const caps = [limits.maxToolCalls, limits.maxImages, limits.exactImages].filter((cap): cap is number => cap !== undefined);
      expect(images.length).toBeLessThanOrEqual(Math.min(Infinity, ...caps));
      expect(model.calls.length).toBeLessThanOrEqual(maxModelSteps);
      expect(outcome.imagesGenerated).toBe(images.length);
      expect(['completed', 'incomplete']).toContain(outcome.status);
      const executedPrompts = images.map((item) => (item as { revised_prompt?: string }).revised_prompt);
      expect(new Set(executedPrompts).size).toBe(executedPrompts.length);
    }
  });
});
