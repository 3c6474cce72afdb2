import type {
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelContent,
  LanguageModelFinishReason,
  LanguageModelGenerateResult,
  LanguageModelStreamPart,
  LanguageModelStreamResult,
  LanguageModelUsage,
  LanguageModelWarning,
} from '../spec/language-model.ts';
import { decideStep, type StepDecision, type StepPlan } from './decide-step.ts';
import { parseSimulatorModelId, type SimulatorBehaviour } from './simulator-model-id.ts';
import { summarizeIfAsked } from './summarize-conversation.ts';

/** The o200k tokenizer tables take ~65 MB: loaded by the first simulator step, not at server start. */
const loadTokenCounting = () => Promise.all([import('./count-tokens.ts'), import('./stream-text.ts')]);

function throwIfAborted(abortSignal: AbortSignal): void {
  // `throwIfAborted` throws the signal's own reason, which is what callers match on.
  abortSignal.throwIfAborted();
}

// Re-exported so callers can take the whole simulator API from this one module.
export { SIMULATOR_MODEL_IDS, isSimulatorModelId } from './simulator-model-id.ts';

export interface SimulatorLanguageModelOptions {
  /** Pause between streamed tokens, for UI demos; 0 (the default) streams without any timer. */
  readonly tokenDelayMillis?: number;
}

function settingWarnings(options: LanguageModelCallOptions): LanguageModelWarning[] {
  const warnings: LanguageModelWarning[] = [];
  if (options.temperature !== undefined) {
    warnings.push({ type: 'unsupported-setting', setting: 'temperature', message: 'The simulator is deterministic; temperature is ignored.' });
  }
  if (options.topP !== undefined) {
    warnings.push({ type: 'unsupported-setting', setting: 'topP', message: 'The simulator is deterministic; topP is ignored.' });
  }
  return warnings;
}

async function* streamPlan(
  plan: StepPlan,
  options: LanguageModelCallOptions,
  tokenDelayMillis: number,
): AsyncGenerator<LanguageModelStreamPart, void, undefined> {
  throwIfAborted(options.abortSignal);
  const [{ countInputTokens, countTextTokens }, { limitTextTokens, streamTextDeltas }] = await loadTokenCounting();
  const inputTokens = countInputTokens(options);
  let outputTokens = 0;
  let finishReason: LanguageModelFinishReason = 'stop';

  if (plan.kind === 'text') {
    const { tokens, truncated } = limitTextTokens(plan.text, options.maxOutputTokens);
    outputTokens += tokens.length;
    if (truncated) finishReason = 'length';
    for await (const delta of streamTextDeltas(tokens, tokenDelayMillis, options.abortSignal)) {
      yield { type: 'text-delta', delta };
    }
  } else {
    finishReason = 'tool-calls';
    for (const toolCall of plan.toolCalls) {
      throwIfAborted(options.abortSignal);
      outputTokens += countTextTokens(toolCall.input);
      yield toolCall;
    }
  }

  throwIfAborted(options.abortSignal);
  const usage: LanguageModelUsage = { inputTokens, cachedInputTokens: 0, outputTokens, reasoningTokens: 0 };
  yield { type: 'finish', finishReason, usage };
}

/** Folds a stream into a generate result, so both paths share one implementation. */
async function collectStream(result: LanguageModelStreamResult): Promise<LanguageModelGenerateResult> {
  let text = '';
  // Tool calls (and files, which the simulator never makes), after the text.
  const rest: LanguageModelContent[] = [];
  let finish: Extract<LanguageModelStreamPart, { type: 'finish' }> | undefined;
  for await (const part of result.stream) {
    switch (part.type) {
      case 'text-delta':
        text += part.delta;
        break;
      case 'tool-call':
      case 'file':
        rest.push(part);
        break;
      case 'finish':
        finish = part;
        break;
    }
  }
  if (finish === undefined) throw new Error('The simulator stream ended without a finish part.');
  const content: LanguageModelContent[] = text === '' ? rest : [{ type: 'text', text }, ...rest];
  return { content, finishReason: finish.finishReason, usage: finish.usage, warnings: result.warnings };
}

class SimulatorLanguageModel implements LanguageModel {
  readonly provider = 'simulator';

  constructor(
    readonly modelId: string,
    private readonly behaviour: SimulatorBehaviour,
    private readonly tokenDelayMillis: number,
  ) {}

  async doStream(options: LanguageModelCallOptions): Promise<LanguageModelStreamResult> {
    throwIfAborted(options.abortSignal);
    const summary = summarizeIfAsked(options.prompt);
    const decision: StepDecision =
      summary !== undefined
        ? { plan: { kind: 'text', text: summary }, warnings: [] }
        : decideStep({
            behaviour: this.behaviour,
            prompt: options.prompt,
            tools: options.tools,
            toolChoice: options.toolChoice,
            parallelToolCalls: options.parallelToolCalls,
          });
    return {
      stream: streamPlan(decision.plan, options, this.tokenDelayMillis),
      warnings: [...settingWarnings(options), ...decision.warnings],
    };
  }

  async doGenerate(options: LanguageModelCallOptions): Promise<LanguageModelGenerateResult> {
    return collectStream(await this.doStream(options));
  }
}

/**
 * The offline chat model: deterministic, scripted, and faithful to the ways real models misuse
 * the image tool (see `SimulatorBehaviour`). Throws a RangeError for ids `isSimulatorModelId` rejects.
 */
export function createSimulatorLanguageModel(modelId: string, options: SimulatorLanguageModelOptions = {}): LanguageModel {
  const behaviour = parseSimulatorModelId(modelId);
  if (behaviour === undefined) throw new RangeError(`Unknown simulator model id "${modelId}".`);
  const tokenDelayMillis = options.tokenDelayMillis ?? 0;
  if (!Number.isFinite(tokenDelayMillis) || tokenDelayMillis < 0) {
    throw new RangeError(`tokenDelayMillis must be a finite number >= 0, got ${tokenDelayMillis}.`);
  }
  return new SimulatorLanguageModel(modelId, behaviour, tokenDelayMillis);
}
