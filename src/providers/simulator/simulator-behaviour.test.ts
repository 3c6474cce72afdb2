import { describe, expect, it } from 'vitest';
import type { LanguageModelMessage } from '../spec/language-model.ts';
import { createSimulatorLanguageModel } from './simulator-language-model.ts';
import {
  IMAGE_TOOL,
  WEATHER_TOOL,
  imageResultOutput,
  options,
  runLoop,
  textOf,
  toolCallsOf,
  userText,
  userWithImage,
  withStep,
} from '../../../test/kits/providers/simulator/simulator-test-kit.ts';

function inputOf(call: { input: string } | undefined): unknown {
  return JSON.parse(call?.input ?? 'null');
}

function promptsOf(calls: ReadonlyArray<ReadonlyArray<{ input: string }>>): string[] {
  return calls.flat().map((call) => (inputOf(call) as { prompt: string }).prompt);
}

describe('simulator (well-behaved)', () => {
  const model = createSimulatorLanguageModel('simulator');

  it('makes one image call, then says it is done', async () => {
    const run = await runLoop(model, [userText('Draw a red fox, please')], { maxImages: 5, maxSteps: 10 });
    expect(run.stepCalls.map((calls) => calls.length)).toEqual([1]);
    expect(inputOf(run.stepCalls[0]?.[0])).toEqual({ prompt: 'a red fox', action: 'generate' });
    expect(run.finalText).toBe('Here is your image of a red fox.');
  });

  it('answers without tools when no image is asked for', async () => {
    const result = await model.doGenerate(options({ prompt: [userText('How are you today?')], tools: [IMAGE_TOOL] }));
    expect(toolCallsOf(result)).toEqual([]);
    expect(result.finishReason).toBe('stop');
    expect(textOf(result)).toContain('"How are you today"');
  });

  it('asks for 10 images one per step until a result says images_remaining 0', async () => {
    const run = await runLoop(model, [userText('generate 10 images of a red fox')], { maxImages: 3, maxSteps: 20 });
    expect(run.stepCalls.map((calls) => calls.length)).toEqual([1, 1, 1]);
    expect(promptsOf(run.stepCalls)).toEqual(['a red fox', 'a red fox, variation 2', 'a red fox, variation 3']);
    expect(run.finalText).toBe('I made 3 of the 10 images you asked for; the image limit for this response was reached.');
  });

  it('makes all 10 when the server allows them', async () => {
    const run = await runLoop(model, [userText('keep generating until you have 10 images of a red fox')], { maxImages: 50, maxSteps: 20 });
    expect(run.delivered).toBe(10);
    expect(run.finalText).toBe('Here are your 10 images of a red fox.');
  });

  it('stops when the tool is withdrawn and says why', async () => {
    const run = await runLoop(model, [userText('generate 4 images of a boat')], { maxImages: 50, maxSteps: 20, withdrawAfterImages: 2 });
    expect(run.delivered).toBe(2);
    expect(run.finalText).toBe('I made 2 of the 4 images you asked for; image generation was stopped for this response.');
  });

  it('counts reused images and reports refusals with their reason', async () => {
    const prompt = [userText('generate 2 images of a cat')];
    const first = toolCallsOf(await model.doGenerate(options({ prompt, tools: [IMAGE_TOOL] })));
    const afterReuse = withStep(prompt, first, [imageResultOutput('reused', 1)]);
    const second = toolCallsOf(await model.doGenerate(options({ prompt: afterReuse, tools: [IMAGE_TOOL] })));
    expect(second).toHaveLength(1);
    const afterRefusal = withStep(afterReuse, second, [JSON.stringify({ status: 'not_executed', reason: 'budget_exceeded' })]);
    const final = await model.doGenerate(options({ prompt: afterRefusal, tools: [IMAGE_TOOL] }));
    expect(textOf(final)).toBe('I made 1 of the 2 images you asked for; the image budget for this response was reached.');
  });

  it('gives up after two results without an image, including unreadable ones', async () => {
    let prompt: LanguageModelMessage[] = [userText('draw a tree')];
    for (const output of ['Image failed!', JSON.stringify({ status: 'failed', reason: 'server_error' })]) {
      const calls = toolCallsOf(await model.doGenerate(options({ prompt, tools: [IMAGE_TOOL] })));
      expect(calls).toHaveLength(1);
      prompt = withStep(prompt, calls, [output]);
    }
    const final = await model.doGenerate(options({ prompt, tools: [IMAGE_TOOL] }));
    expect(toolCallsOf(final)).toEqual([]);
    expect(textOf(final)).toBe("I couldn't make the image of a tree; 1 image failed (server_error).");
  });

  it('takes the subject of "2 more images" from the earlier request', async () => {
    const prompt: LanguageModelMessage[] = [
      userText('draw a lighthouse at dusk'),
      { role: 'assistant', content: [{ type: 'text', text: 'Here is your image of a lighthouse at dusk.' }] },
      userText('make 2 more images'),
    ];
    const run = await runLoop(model, prompt, { maxImages: 5, maxSteps: 5 });
    expect(promptsOf(run.stepCalls)).toEqual(['a lighthouse at dusk', 'a lighthouse at dusk, variation 2']);
  });
});

describe('simulator-repeat', () => {
  const model = createSimulatorLanguageModel('simulator-repeat');

  it('keeps calling after its image succeeded until the tool is withdrawn', async () => {
    const run = await runLoop(model, [userText('draw a red fox')], { maxImages: 100, maxSteps: 30, withdrawAfterImages: 4 });
    expect(run.stepCalls.map((calls) => calls.length)).toEqual([2, 1, 1]);
    expect(promptsOf(run.stepCalls)).toEqual(['a red fox', 'a red fox, variation 2', 'a red fox, variation 3', 'a red fox, variation 4']);
    expect(run.finalText).toBe('Here are your 4 images of a red fox.');
  });

  it('asks once per step when parallel tool calls are off', async () => {
    const run = await runLoop(model, [userText('draw a red fox')], { maxImages: 100, maxSteps: 30, withdrawAfterImages: 3, parallelToolCalls: false });
    expect(run.stepCalls.map((calls) => calls.length)).toEqual([1, 1, 1]);
    expect(run.finalText).toBe('Here are your 3 images of a red fox.');
  });

  it('ignores images_remaining 0 and not_executed results: it never stops by itself', async () => {
    const run = await runLoop(model, [userText('draw a red fox')], { maxImages: 2, maxSteps: 12 });
    expect(run.stepCalls).toHaveLength(12);
    expect(run.finalText).toBe('');
  });

  it('stops when toolChoice is none', async () => {
    const prompt = withStep([userText('draw a red fox')], toolCallsOf(await model.doGenerate(options({ prompt: [userText('draw a red fox')], tools: [IMAGE_TOOL] }))), [imageResultOutput('delivered', 0)]);
    const result = await model.doGenerate(options({ prompt, tools: [IMAGE_TOOL], toolChoice: { type: 'none' } }));
    expect(toolCallsOf(result)).toEqual([]);
    expect(textOf(result)).toBe('Here is your image of a red fox.');
  });

  it('does not call the tool when nothing was asked for', async () => {
    const result = await model.doGenerate(options({ prompt: [userText('hi')], tools: [IMAGE_TOOL] }));
    expect(toolCallsOf(result)).toEqual([]);
  });
});

describe('simulator-parallel-N', () => {
  it('emits 5 image calls in one step, with distinct prompts and ids, then text', async () => {
    const run = await runLoop(createSimulatorLanguageModel('simulator-parallel-5'), [userText('draw a red fox')], { maxImages: 3, maxSteps: 10 });
    expect(run.stepCalls.map((calls) => calls.length)).toEqual([5]);
    expect(new Set(promptsOf(run.stepCalls)).size).toBe(5);
    expect(new Set(run.stepCalls.flat().map((call) => call.toolCallId)).size).toBe(5);
    expect(run.finalText).toBe(
      'Here are your 3 images of a red fox.\n2 further image calls were not executed: the image limit for this response was reached.',
    );
  });

  it('emits one call per step when parallelToolCalls is false, until it has N', async () => {
    const run = await runLoop(createSimulatorLanguageModel('simulator-parallel-5'), [userText('draw a red fox')], {
      maxImages: 10,
      maxSteps: 10,
      parallelToolCalls: false,
    });
    expect(run.stepCalls.map((calls) => calls.length)).toEqual([1, 1, 1, 1, 1]);
    expect(run.finalText).toBe('Here are your 5 images of a red fox.');
  });

  it('answers in text when no image is asked for', async () => {
    const result = await createSimulatorLanguageModel('simulator-parallel-3').doGenerate(options({ prompt: [userText('hi')], tools: [IMAGE_TOOL] }));
    expect(toolCallsOf(result)).toEqual([]);
  });
});

describe('toolChoice', () => {
  const model = createSimulatorLanguageModel('simulator');

  it('none: never calls, and says image generation is unavailable', async () => {
    const result = await model.doGenerate(options({ prompt: [userText('draw a red fox')], tools: [IMAGE_TOOL], toolChoice: { type: 'none' } }));
    expect(toolCallsOf(result)).toEqual([]);
    expect(textOf(result)).toBe("I couldn't make the image of a red fox; image generation is not available for this response.");
  });

  it('required: calls the image tool even when no image was asked for', async () => {
    const result = await model.doGenerate(options({ prompt: [userText('hi')], tools: [WEATHER_TOOL, IMAGE_TOOL], toolChoice: { type: 'required' } }));
    expect(toolCallsOf(result).map((call) => call.toolName)).toEqual(['image_generation']);
  });

  it('required without the image tool: calls a function tool', async () => {
    const result = await model.doGenerate(options({ prompt: [userText('hi')], tools: [WEATHER_TOOL], toolChoice: { type: 'required' } }));
    expect(toolCallsOf(result).map((call) => call.toolName)).toEqual(['get_weather']);
  });

  it('forced image tool: complies even without a request; parallel-N makes N', async () => {
    const forced = options({ prompt: [userText('hi')], tools: [IMAGE_TOOL], toolChoice: { type: 'tool', toolName: 'image_generation' } });
    expect(toolCallsOf(await model.doGenerate(forced))).toHaveLength(1);
    expect(toolCallsOf(await createSimulatorLanguageModel('simulator-parallel-3').doGenerate(forced))).toHaveLength(3);
    const sequential = { ...forced, parallelToolCalls: false };
    expect(toolCallsOf(await createSimulatorLanguageModel('simulator-parallel-3').doGenerate(sequential))).toHaveLength(1);
  });

  it('forced tool that is not offered: warns and decides as with auto', async () => {
    const result = await model.doGenerate(options({ prompt: [userText('hi')], tools: [], toolChoice: { type: 'tool', toolName: 'image_generation' } }));
    expect(toolCallsOf(result)).toEqual([]);
    expect(result.warnings).toEqual([expect.objectContaining({ type: 'other' })]);
  });
});

describe('edits and function tools', () => {
  const model = createSimulatorLanguageModel('simulator');

  it('edits when asked to change an image the user supplied', async () => {
    const result = await model.doGenerate(options({ prompt: [userWithImage('Make it black and white')], tools: [IMAGE_TOOL] }));
    expect(inputOf(toolCallsOf(result)[0])).toEqual({ prompt: 'Make it black and white', action: 'edit' });
  });

  it('edits an image generated earlier in the conversation', async () => {
    const first = [userText('draw a red fox')];
    const calls = toolCallsOf(await model.doGenerate(options({ prompt: first, tools: [IMAGE_TOOL] })));
    const prompt: LanguageModelMessage[] = [
      ...withStep(first, calls, [imageResultOutput('delivered', 2, { image_id: 'ig_1' })]),
      { role: 'assistant', content: [{ type: 'text', text: 'Here is your image of a red fox.' }] },
      userText('now add a hat'),
    ];
    const run = await runLoop(model, prompt, { maxImages: 5, maxSteps: 5 });
    expect(inputOf(run.stepCalls[0]?.[0])).toEqual({ prompt: 'now add a hat', action: 'edit' });
    expect(run.finalText).toBe('Here is the edited image (now add a hat).');
  });

  it('calls a function tool the user names, then reports its result', async () => {
    const prompt = [userText('Please call get_weather for Paris.')];
    const calls = toolCallsOf(await model.doGenerate(options({ prompt, tools: [IMAGE_TOOL, WEATHER_TOOL] })));
    expect(calls.map((call) => call.toolName)).toEqual(['get_weather']);
    expect(inputOf(calls[0])).toEqual({ city: 'Paris', days: 1, metric: true, unit: 'celsius' });
    const after = withStep(prompt, calls, ['{"temperature_c":18,"sky":"clear"}']);
    const final = await model.doGenerate(options({ prompt: after, tools: [IMAGE_TOOL, WEATHER_TOOL] }));
    expect(final.finishReason).toBe('stop');
    expect(textOf(final)).toBe('The get_weather tool returned: {"temperature_c":18,"sky":"clear"}');
  });

  it('auto: calls the function tool a question is about, with the place it names, then answers from its output', async () => {
    const prompt = [userText("What's the weather like in San Francisco?")];
    const calls = toolCallsOf(await model.doGenerate(options({ prompt, tools: [WEATHER_TOOL] })));
    expect(calls.map((call) => call.toolName)).toEqual(['get_weather']);
    expect(inputOf(calls[0])).toEqual({ city: 'San Francisco', days: 1, metric: true, unit: 'celsius' });
    const after = withStep(prompt, calls, ['{"temperature_c":14,"sky":"fog"}']);
    const final = await model.doGenerate(options({ prompt: after, tools: [WEATHER_TOOL] }));
    expect(toolCallsOf(final)).toEqual([]);
    expect(textOf(final)).toBe('The get_weather tool returned: {"temperature_c":14,"sky":"fog"}');
  });

  it('auto: an image request still goes to the image tool, an unrelated message calls nothing, none forbids', async () => {
    const drawing = await model.doGenerate(options({ prompt: [userText('Draw the weather in Oslo')], tools: [WEATHER_TOOL, IMAGE_TOOL] }));
    expect(toolCallsOf(drawing).map((call) => call.toolName)).toEqual(['image_generation']);
    const unrelated = await model.doGenerate(options({ prompt: [userText('Say hello in exactly 3 words.')], tools: [WEATHER_TOOL] }));
    expect(toolCallsOf(unrelated)).toEqual([]);
    const forbidden = await model.doGenerate(options({ prompt: [userText('Weather in Oslo?')], tools: [WEATHER_TOOL], toolChoice: { type: 'none' } }));
    expect(toolCallsOf(forbidden)).toEqual([]);
  });

  it('calls a forced function tool with arguments from its schema', async () => {
    const result = await model.doGenerate(
      options({ prompt: [userText('Weather in Oslo?')], tools: [WEATHER_TOOL], toolChoice: { type: 'tool', toolName: 'get_weather' } }),
    );
    expect(inputOf(toolCallsOf(result)[0])).toEqual({ city: 'Weather in Oslo', days: 1, metric: true, unit: 'celsius' });
  });
});
