/**
 * Builders for simulator tests: prompts the way the server writes them, and a tiny stand-in for
 * the response loop that answers image calls under a limit. Test-only; nothing in src imports it.
 */
import type {
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelGenerateResult,
  LanguageModelMessage,
  LanguageModelTool,
  LanguageModelToolCallPart,
} from '../../../../src/providers/spec/language-model.ts';
import { contractCallOptions } from '../contract/language-model.contract.ts';

export const IMAGE_TOOL: LanguageModelTool = {
  name: 'image_generation',
  description: 'Generate or edit an image and show it to the user.',
  parameters: {
    type: 'object',
    properties: { prompt: { type: 'string' }, action: { type: 'string', enum: ['generate', 'edit'] } },
    required: ['prompt'],
  },
};

export const WEATHER_TOOL: LanguageModelTool = {
  name: 'get_weather',
  description: 'Current weather for a city.',
  parameters: {
    type: 'object',
    properties: {
      city: { type: 'string' },
      days: { type: 'integer' },
      metric: { type: 'boolean' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
      note: { type: 'string' },
    },
    required: ['city', 'days', 'metric', 'unit'],
  },
};

export function userText(text: string): LanguageModelMessage {
  return { role: 'user', content: [{ type: 'text', text }] };
}

export function userWithImage(text: string): LanguageModelMessage {
  return {
    role: 'user',
    content: [
      { type: 'image', mediaType: 'image/png', data: new Uint8Array([137, 80, 78, 71]) },
      { type: 'text', text },
    ],
  };
}

export function options(overrides: Partial<LanguageModelCallOptions>): LanguageModelCallOptions {
  return contractCallOptions(overrides);
}

export function toolCallsOf(result: LanguageModelGenerateResult): LanguageModelToolCallPart[] {
  return result.content.filter((part): part is LanguageModelToolCallPart => part.type === 'tool-call');
}

export function textOf(result: LanguageModelGenerateResult): string {
  return result.content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

export function imageResultOutput(status: string, imagesRemaining: number, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ status, images_remaining: imagesRemaining, ...extra });
}

/** Appends one step's calls and the server's results to the prompt. */
export function withStep(
  prompt: ReadonlyArray<LanguageModelMessage>,
  calls: ReadonlyArray<LanguageModelToolCallPart>,
  outputs: ReadonlyArray<string>,
): LanguageModelMessage[] {
  return [
    ...prompt,
    { role: 'assistant', content: calls },
    {
      role: 'tool',
      content: calls.map((call, index) => ({
        type: 'tool-result' as const,
        toolCallId: call.toolCallId,
        toolName: call.toolName,
        output: outputs[index] ?? '',
      })),
    },
  ];
}

export interface LoopRun {
  /** Tool calls per step, in order. */
  readonly stepCalls: ReadonlyArray<ReadonlyArray<LanguageModelToolCallPart>>;
  readonly finalText: string;
  readonly delivered: number;
}

/**
 * Drives the model like the response loop: delivers images until `maxImages`, answers further
 * calls `not_executed`, and withdraws the tool once `withdrawAfterImages` images are delivered.
 */
export async function runLoop(
  model: LanguageModel,
  prompt: ReadonlyArray<LanguageModelMessage>,
  settings: { maxImages: number; maxSteps: number; withdrawAfterImages?: number; parallelToolCalls?: boolean },
): Promise<LoopRun> {
  let messages = [...prompt];
  let delivered = 0;
  const stepCalls: LanguageModelToolCallPart[][] = [];
  for (let step = 0; step < settings.maxSteps; step++) {
    const withdrawn = settings.withdrawAfterImages !== undefined && delivered >= settings.withdrawAfterImages;
    const result = await model.doGenerate(
      options({ prompt: messages, tools: withdrawn ? [] : [IMAGE_TOOL], parallelToolCalls: settings.parallelToolCalls }),
    );
    const calls = toolCallsOf(result);
    if (calls.length === 0) return { stepCalls, finalText: textOf(result), delivered };
    stepCalls.push(calls);
    const outputs = calls.map(() => {
      if (delivered >= settings.maxImages) return imageResultOutput('not_executed', 0, { reason: 'max_images' });
      delivered++;
      return imageResultOutput('delivered', settings.maxImages - delivered, { image_id: `ig_${delivered}` });
    });
    messages = withStep(messages, calls, outputs);
  }
  return { stepCalls, finalText: '', delivered };
}
