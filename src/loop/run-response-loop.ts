import { ImageCallPolicy } from '../policy/image-call-policy.ts';
import type { SpendDecision } from '../policy/spend-guard.ts';
import type { LanguageModelTool, LanguageModelToolResultPart, LanguageModelUsage } from '../providers/spec/language-model.ts';
import { IMAGE_TOOL_NAME, imageToolDefinition } from '../tools/image-generation/image-tool-definition.ts';
import { estimatePromptTokens } from './estimate-prompt-tokens.ts';
import { type ToolCallState, addWarnings, handleToolCall } from './handle-tool-call.ts';
import type { ResponseLoopInput, ResponseLoopOutcome } from './response-loop-types.ts';
import { streamModelStep } from './stream-model-step.ts';
import { stepToolChoice } from './tool-choice.ts';

const ZERO_USAGE: LanguageModelUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningTokens: 0 };

/**
 * The response loop: model step → tool calls → policy → next step, until the model answers
 * in text, calls a caller's function, fails, or hits a limit. Limits are checked before every
 * single image call, so nothing the model emits can exceed them.
 */
export async function runResponseLoop(input: ResponseLoopInput): Promise<ResponseLoopOutcome> {
  const policy = new ImageCallPolicy(input.limits);
  const state: ToolCallState = { input, policy, ignoredToolCalls: [], warnings: [], failure: undefined, functionCalled: false };
  let usage = ZERO_USAGE;
  /** Model steps that ran (answered), counted here only; an early stop before a step does not count it. */
  let modelSteps = 0;

  for (let step = 0; step < input.maxModelSteps; step++) {
    input.abortSignal.throwIfAborted();
    const remainingOutputTokens = input.maxOutputTokens === undefined ? undefined : input.maxOutputTokens - usage.outputTokens;
    if (remainingOutputTokens !== undefined && remainingOutputTokens <= 0) {
      return outcome('incomplete', 'max_output_tokens');
    }
    const isLastStep = step === input.maxModelSteps - 1;
    const tools = offeredTools(input, policy, isLastStep);
    const hold = step === 0 && input.firstStepHold ? input.firstStepHold : await reserveStep(input, tools, remainingOutputTokens);
    if (hold !== undefined && !hold.ok) {
      // Money left cannot pay for even a short answer: the response stops here, cut short.
      state.warnings.push({ source: 'model', message: `The response was cut short before model step ${step + 1}: ${hold.message}` });
      return outcome('incomplete', 'max_output_tokens');
    }
    const stepHold = hold?.hold;
    // The bound reserved is the bound sent upstream, so no step can spend past its reservation.
    const stepOutputTokens = stepHold ? stepHold.outputTokenBound : remainingOutputTokens;
    const offered = new Set(tools.map((tool) => tool.name));
    const result = await streamModelStep(
      input.languageModel,
      {
        prompt: input.messages,
        tools: tools.length > 0 ? tools : undefined,
        toolChoice: stepToolChoice(input.toolChoice, step, offered, policy.mustForceImage()),
        parallelToolCalls: input.parallelToolCalls,
        maxOutputTokens: stepOutputTokens,
        temperature: input.temperature,
        topP: input.topP,
        // Nothing in a step acts on a part before the step ends unless someone watches the events:
        // tool calls (the image tool's too) are handled once the step is over, limits are checked
        // per part whenever the parts come (admitImage below), and neither the step's metrics nor
        // a cancel (an abort, which ends a whole answer's wait as it ends a stream) need them sooner.
        partsAsTheyCome: input.eventsWatched,
        abortSignal: input.abortSignal,
      },
      input.emitter,
      input.generateId,
      () => policy.admitModelImage(),
    );
    modelSteps += 1;
    usage = addUsage(usage, result.usage);
    for (const image of result.images) input.contextImages.push(image.image);
    for (const dropped of result.droppedImages) state.ignoredToolCalls.push({ call_id: dropped.id, prompt: null, reason: dropped.reason });
    if (stepHold && input.spend) {
      await input.spend.settleModelStep(stepHold, {
        step,
        model: input.languageModel.modelId,
        inputTokens: result.usage.inputTokens,
        cachedInputTokens: result.usage.cachedInputTokens,
        outputTokens: result.usage.outputTokens,
        imageOutputTokens: result.usage.imageOutputTokens,
      });
    }
    addWarnings(state.warnings, 'model', result.warnings);
    input.messages.push({
      role: 'assistant',
      content: [...(result.text ? [{ type: 'text' as const, text: result.text }] : []), ...result.toolCalls],
    });
    if (result.finishReason === 'length') {
      for (const call of result.toolCalls) {
        state.ignoredToolCalls.push({ call_id: call.toolCallId, prompt: null, reason: 'max_output_tokens' });
      }
      return outcome('incomplete', 'max_output_tokens');
    }

    const toolResults: LanguageModelToolResultPart[] = [];
    for (const call of result.toolCalls) {
      const toolResult = await handleToolCall(state, call, offered, isLastStep);
      if (toolResult) toolResults.push(toolResult);
      if (state.failure) break;
    }
    if (toolResults.length > 0) input.messages.push({ role: 'tool', content: toolResults });
    if (state.failure) return outcome('failed', undefined);
    // An exact image count keeps the tool forced even past a model that answered in text.
    const stillForcing = result.toolCalls.length === 0 && input.imageTool !== undefined && policy.mustForceImage();
    if (state.functionCalled || (result.toolCalls.length === 0 && !stillForcing)) break;
  }
  const exactImages = input.limits.exactImages;
  if (exactImages !== undefined && policy.imagesDelivered < exactImages) {
    // An exact count is a promise: a response that could not keep it is never `completed`.
    const why = policy.blockingLimit() ?? state.ignoredToolCalls.at(-1)?.reason ?? (modelSteps >= input.maxModelSteps ? 'the model step cap' : 'the model stopped calling the image tool');
    state.warnings.push({
      source: 'image',
      setting: 'exact_images',
      message: `exact_images asked for ${exactImages} images but ${policy.imagesDelivered} were made (${why}).`,
    });
    return outcome('incomplete', 'exact_images_not_met');
  }
  return outcome('completed', undefined);

  function outcome(status: ResponseLoopOutcome['status'], incompleteReason: ResponseLoopOutcome['incompleteReason']): ResponseLoopOutcome {
    return {
      status,
      incompleteReason,
      error: state.failure,
      usage,
      ignoredToolCalls: state.ignoredToolCalls,
      warnings: state.warnings,
      imagesGenerated: policy.imagesDelivered,
      modelSteps,
    };
  }
}

/** Tools the model may see this step: the image tool disappears once a limit is reached. */
function offeredTools(input: ResponseLoopInput, policy: ImageCallPolicy, isLastStep: boolean): LanguageModelTool[] {
  if (isLastStep || input.toolChoice.mode === 'none') return [];
  const allowed = (name: string) => input.toolChoice.allowedTools === undefined || input.toolChoice.allowedTools.has(name);
  const tools = input.functionTools.filter((tool) => allowed(tool.name));
  if (input.imageTool && allowed(IMAGE_TOOL_NAME) && !policy.exhausted()) {
    tools.push(imageToolDefinition(input.imageTool.action !== 'generate'));
  }
  return tools;
}

function addUsage(a: LanguageModelUsage, b: LanguageModelUsage): LanguageModelUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    reasoningTokens: a.reasoningTokens + b.reasoningTokens,
    imageOutputTokens: (a.imageOutputTokens ?? 0) + (b.imageOutputTokens ?? 0),
  };
}

/**
 * Reserves the most the next model step may cost. Input tokens are over-estimated from the
 * prompt's size (2 characters per token; images at their model's published token cost), so the reservation bounds the bill.
 */
async function reserveStep(input: ResponseLoopInput, tools: LanguageModelTool[], maxOutputTokens: number | undefined): Promise<SpendDecision | undefined> {
  if (!input.spend) return undefined;
  return input.spend.reserveModelStep({
    model: input.languageModel.modelId,
    inputTokens: estimatePromptTokens(input.messages, tools, input.languageModel.modelId),
    maxOutputTokens,
  });
}
