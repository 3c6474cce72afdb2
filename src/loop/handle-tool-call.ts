import type { ImageGenerationError } from '../errors/image-generation-error.ts';
import { type ImageCallPolicy, imageDedupeKey } from '../policy/image-call-policy.ts';
import type { LanguageModelToolCallPart, LanguageModelToolResultPart } from '../providers/spec/language-model.ts';
import type { IgnoredToolCall, ImagegateResponseInfo } from '../responses/wire/response-object.ts';
import { IMAGE_TOOL_NAME, type ImageToolArguments, parseImageToolArguments } from '../tools/image-generation/image-tool-definition.ts';
import { type ImageToolFeedback, formatImageToolFeedback } from '../tools/image-generation/image-tool-feedback.ts';
import { runImageCall } from '../tools/image-generation/run-image-call.ts';
import type { ResponseLoopInput } from './response-loop-types.ts';

export interface ToolCallState {
  input: ResponseLoopInput;
  policy: ImageCallPolicy;
  ignoredToolCalls: IgnoredToolCall[];
  warnings: ImagegateResponseInfo['warnings'];
  failure: ImageGenerationError | undefined;
  functionCalled: boolean;
}

/**
 * Handles one tool call of a model step. Image calls go through the policy first and run
 * only when admitted; function calls for the caller's tools become `function_call` items.
 * Returns what the model reads back, or undefined when the caller must answer (functions).
 */
export async function handleToolCall(
  state: ToolCallState,
  call: LanguageModelToolCallPart,
  offered: ReadonlySet<string>,
  isLastStep: boolean,
): Promise<LanguageModelToolResultPart | undefined> {
  const { input, policy } = state;
  const reply = (feedback: ImageToolFeedback): LanguageModelToolResultPart => ({
    type: 'tool-result',
    toolCallId: call.toolCallId,
    toolName: call.toolName,
    output: formatImageToolFeedback(feedback),
  });
  const ignore = (reason: string, args: ImageToolArguments | undefined, reusedItemId?: string) => {
    state.ignoredToolCalls.push({
      call_id: call.toolCallId,
      prompt: args?.prompt ?? null,
      reason,
      ...(reusedItemId === undefined ? {} : { reused_item_id: reusedItemId }),
    });
  };

  if (call.toolName !== IMAGE_TOOL_NAME) {
    if (offered.has(call.toolName)) {
      emitFunctionCall(input, call);
      state.functionCalled = true;
      return undefined;
    }
    const reason = isLastStep ? 'step_limit' : input.functionTools.some((tool) => tool.name === call.toolName) ? 'tool_not_offered' : 'unknown_tool';
    ignore(reason, undefined);
    return reply({ status: 'not_executed', reason, imagesRemaining: policy.imagesRemaining() });
  }

  const args = parseImageToolArguments(call.input);
  if (!offered.has(IMAGE_TOOL_NAME) || !input.imageTool || !input.imageModel) {
    const reason = !input.imageTool ? 'unknown_tool' : isLastStep ? 'step_limit' : (policy.blockingLimit() ?? 'tool_not_offered');
    ignore(reason, args);
    return reply({ status: 'not_executed', reason, imagesRemaining: policy.imagesRemaining() });
  }
  if (!args) {
    ignore('invalid_arguments', undefined);
    return reply({ status: 'not_executed', reason: 'invalid_arguments', imagesRemaining: policy.imagesRemaining() });
  }

  const action = resolveAction(input.imageTool.action, args.action, input.contextImages.length > 0);
  if (action === undefined) {
    ignore('no_image_to_edit', args);
    return reply({ status: 'not_executed', reason: 'no_image_to_edit', imagesRemaining: policy.imagesRemaining() });
  }
  const editImages = [...input.contextImages].reverse();
  const key = imageDedupeKey(args.prompt, action, action === 'edit' ? editImages[0]?.id : undefined);
  const decision = policy.decide(key);
  if (decision.kind === 'reuse') {
    ignore('duplicate_prompt', args, decision.itemId);
    return reply({ status: 'reused', imageId: decision.itemId, imagesRemaining: policy.imagesRemaining() });
  }
  if (decision.kind === 'ignore') {
    ignore(decision.reason, args);
    return reply({ status: 'not_executed', reason: decision.reason, imagesRemaining: policy.imagesRemaining() });
  }

  const spend = input.spend;
  const decisionMoney = spend
    ? await spend.reserveImage({
        model: input.imageModel.modelId,
        quality: input.imageTool.quality,
        size: input.imageTool.size,
        partialImages: input.streaming ? input.imageTool.partialImages : 0,
      })
    : undefined;
  if (decisionMoney && !decisionMoney.ok) {
    ignore(decisionMoney.reason, args);
    // The reason code says which limit; the message says by how much (estimate vs what is left).
    state.warnings.push({ source: 'image', message: `An image call was not run: ${decisionMoney.message}` });
    return reply({ status: 'not_executed', reason: decisionMoney.reason, imagesRemaining: policy.imagesRemaining() });
  }
  const hold = decisionMoney?.hold;

  const itemId = input.generateId('ig');
  const outcome = await runImageCall(
    {
      itemId,
      outputIndex: input.emitter.snapshot.output.length,
      args,
      action,
      settings: input.imageTool,
      editImages,
      imageModel: input.imageModel,
      streaming: input.streaming,
      seed: undefined,
      abortSignal: input.abortSignal,
    },
    input.emitter,
  );
  if (!outcome.ok) {
    if (hold) await spend?.release(hold);
    policy.recordExecuted(key, undefined);
    state.failure = outcome.error;
    return reply({ status: 'failed', message: outcome.error.message });
  }
  if (hold && spend) {
    await spend.settleImage(hold, {
      itemId,
      model: input.imageModel.modelId,
      quality: outcome.item.quality ?? input.imageTool.quality,
      size: outcome.item.size ?? input.imageTool.size,
      partialImages: input.streaming ? input.imageTool.partialImages : 0,
      usage: outcome.usage,
    });
  }
  policy.recordExecuted(key, itemId);
  input.contextImages.push(outcome.image);
  addWarnings(state.warnings, 'image', outcome.warnings);
  return reply({ status: 'delivered', imageId: itemId, imagesRemaining: policy.imagesRemaining() });
}

/** `edit` needs an image in context; the tool's own `action` setting overrides the model. */
function resolveAction(
  configured: 'generate' | 'edit' | 'auto',
  requested: 'generate' | 'edit' | undefined,
  hasImage: boolean,
): 'generate' | 'edit' | undefined {
  if (configured === 'generate') return 'generate';
  if (configured === 'edit') return hasImage ? 'edit' : undefined;
  return requested === 'edit' && hasImage ? 'edit' : 'generate';
}

function emitFunctionCall(input: ResponseLoopInput, call: LanguageModelToolCallPart): void {
  const { emitter } = input;
  const outputIndex = emitter.snapshot.output.length;
  const id = input.generateId('fc');
  const base = { id, type: 'function_call' as const, call_id: call.toolCallId, name: call.toolName };
  emitter.emit({ type: 'response.output_item.added', output_index: outputIndex, item: { ...base, status: 'in_progress', arguments: '' } });
  emitter.emit({ type: 'response.function_call_arguments.delta', item_id: id, output_index: outputIndex, delta: call.input });
  emitter.emit({ type: 'response.function_call_arguments.done', item_id: id, output_index: outputIndex, name: call.toolName, arguments: call.input });
  emitter.emit({ type: 'response.output_item.done', output_index: outputIndex, item: { ...base, status: 'completed', arguments: call.input } });
}

/** Keeps each distinct warning once per response. */
export function addWarnings(
  into: ImagegateResponseInfo['warnings'],
  source: 'model' | 'image',
  warnings: ReadonlyArray<{ setting?: string | undefined; message: string }>,
): void {
  for (const warning of warnings) {
    if (into.some((known) => known.source === source && known.message === warning.message)) continue;
    into.push({ source, ...(warning.setting === undefined ? {} : { setting: warning.setting }), message: warning.message });
  }
}
