import type { ImageGenerationError } from '../providers/spec/image-generation-error.ts';
import type { ImageCallPolicy } from '../policy/image-call-policy.ts';
import type { LanguageModelToolCallPart, LanguageModelToolResultPart } from '../providers/spec/language-model.ts';
import type { IgnoredToolCall, ImagegateResponseInfo } from '../responses/wire/response-object.ts';
import type { ImageToolArguments } from '../tools/image-generation/image-tool-definition.ts';
import { type ImageToolFeedback, formatImageToolFeedback } from '../tools/image-generation/image-tool-feedback.ts';
import { admitToolCall } from './admit-tool-call.ts';
import { executeImageCall } from './execute-image-call.ts';
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
 * Handles one tool call of a model step: admission decides what may run (admit-tool-call.ts),
 * execution pays for and runs an admitted image call (execute-image-call.ts). Function calls
 * for the caller's tools become `function_call` items. Returns what the model reads back, or
 * undefined when the caller must answer (functions).
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

  const admission = admitToolCall(
    {
      offered,
      isLastStep,
      functionToolNames: new Set(input.functionTools.map((tool) => tool.name)),
      imageTool: input.imageTool,
      hasImageModel: input.imageModel !== undefined,
      contextImages: input.contextImages,
      policy,
    },
    call,
  );
  switch (admission.kind) {
    case 'function':
      emitFunctionCall(input, call);
      state.functionCalled = true;
      return undefined;
    case 'refuse':
      ignore(admission.reason, admission.args);
      return reply({ status: 'not_executed', reason: admission.reason, imagesRemaining: policy.imagesRemaining() });
    case 'reuse':
      ignore('duplicate_prompt', admission.args, admission.itemId);
      return reply({ status: 'reused', imageId: admission.itemId, imagesRemaining: policy.imagesRemaining() });
    case 'run':
      break;
  }
  // Admission runs an image call only with both set; this narrows them for the compiler.
  if (!input.imageTool || !input.imageModel) throw new Error('an image call was admitted without an image tool and model');
  const execution = await executeImageCall(input, admission, input.imageTool, input.imageModel);
  switch (execution.kind) {
    case 'refused':
      ignore(execution.reason, admission.args);
      // The reason code says which limit; the message says by how much (estimate vs what is left).
      state.warnings.push({ source: 'image', message: `An image call was not run: ${execution.message}` });
      return reply({ status: 'not_executed', reason: execution.reason, imagesRemaining: policy.imagesRemaining() });
    case 'failed':
      policy.recordExecuted(admission.dedupeKey, undefined);
      state.failure = execution.error;
      return reply({ status: 'failed', message: execution.error.message });
    case 'delivered':
      policy.recordExecuted(admission.dedupeKey, execution.itemId);
      input.contextImages.push(execution.image);
      addWarnings(state.warnings, 'image', execution.warnings);
      return reply({ status: 'delivered', imageId: execution.itemId, imagesRemaining: policy.imagesRemaining() });
  }
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
