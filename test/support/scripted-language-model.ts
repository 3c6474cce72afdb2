import type {
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelStreamPart,
  LanguageModelToolCallPart,
} from '../../src/providers/spec/language-model.ts';

/** One scripted model step: text and/or tool calls. */
export interface ScriptedStep {
  text?: string;
  toolCalls?: Array<{ toolName: string; input: unknown }>;
  /** `length`: the step hit its output bound. Default: `tool-calls` with calls, else `stop`. */
  finishReason?: 'length';
}

/**
 * A language model that replays one scripted result per step, whatever it is offered —
 * the worst case for limits: it ignores tool withdrawal and keeps calling.
 * Records the options of every call so tests can assert what the loop offered.
 */
export class ScriptedLanguageModel implements LanguageModel {
  readonly provider = 'scripted';
  readonly modelId = 'scripted';
  readonly calls: LanguageModelCallOptions[] = [];
  private stepIndex = 0;

  constructor(private readonly steps: ScriptedStep[]) {}

  async doGenerate(): Promise<never> {
    throw new Error('the loop streams');
  }

  async doStream(options: LanguageModelCallOptions) {
    this.calls.push(options);
    const step = this.steps[Math.min(this.stepIndex, this.steps.length - 1)] ?? { text: 'done' };
    const index = this.stepIndex++;
    const toolCalls: LanguageModelToolCallPart[] = (step.toolCalls ?? []).map((call, callIndex) => ({
      type: 'tool-call',
      toolCallId: `call_${index}_${callIndex}`,
      toolName: call.toolName,
      input: typeof call.input === 'string' ? call.input : JSON.stringify(call.input),
    }));
    async function* stream(): AsyncGenerator<LanguageModelStreamPart> {
      if (step.text) yield { type: 'text-delta', delta: step.text };
      yield* toolCalls;
      yield {
        type: 'finish',
        finishReason: step.finishReason ?? (toolCalls.length > 0 ? 'tool-calls' : 'stop'),
        usage: { inputTokens: 10, cachedInputTokens: 0, outputTokens: 5, reasoningTokens: 0 },
      };
    }
    return { stream: stream(), warnings: [] };
  }
}
