import { type ImageCallPolicy, imageDedupeKey } from '../policy/image-call-policy.ts';
import type { LanguageModelToolCallPart } from '../providers/spec/language-model.ts';
import { IMAGE_TOOL_NAME, type ImageToolArguments, parseImageToolArguments } from '../tools/image-generation/image-tool-definition.ts';
import type { ContextImage, ImageToolSettings } from '../tools/image-generation/image-tool-settings.ts';

/** Why a tool call is not run (the `reason` of `imagegate.ignored_tool_calls`). */
export type RefusalReason =
  | 'step_limit'
  | 'tool_not_offered'
  | 'unknown_tool'
  | 'invalid_arguments'
  | 'no_image_to_edit'
  | 'max_tool_calls'
  | 'max_images'
  | 'exact_images';

/** What may happen with one tool call, decided before anything runs or costs money. */
export type ToolCallAdmission =
  /** A caller's function: it becomes a `function_call` item for the caller to answer. */
  | { kind: 'function' }
  | { kind: 'refuse'; reason: RefusalReason; args: ImageToolArguments | undefined }
  /** The same image was already made in this response: the model is pointed at it. */
  | { kind: 'reuse'; args: ImageToolArguments; itemId: string }
  | { kind: 'run'; args: ImageToolArguments; action: 'generate' | 'edit'; editImages: ContextImage[]; dedupeKey: string };

export interface AdmissionContext {
  /** Tools the model was offered this step. */
  offered: ReadonlySet<string>;
  isLastStep: boolean;
  /** Every function tool of the request, offered this step or not. */
  functionToolNames: ReadonlySet<string>;
  imageTool: ImageToolSettings | undefined;
  hasImageModel: boolean;
  /** Images in context, oldest first. */
  contextImages: ReadonlyArray<ContextImage>;
  /** Read only here: admission never records anything. */
  policy: Pick<ImageCallPolicy, 'decide' | 'blockingLimit'>;
}

/**
 * Admission of one tool call: tool offered, arguments, edit action, duplicates, count limits.
 * Pure (no I/O, nothing recorded); money is the execution's concern, since a price is known
 * only once the call is about to run.
 */
export function admitToolCall(context: AdmissionContext, call: LanguageModelToolCallPart): ToolCallAdmission {
  const { offered, isLastStep, imageTool, policy } = context;
  if (call.toolName !== IMAGE_TOOL_NAME) {
    if (offered.has(call.toolName)) return { kind: 'function' };
    const reason = isLastStep ? 'step_limit' : context.functionToolNames.has(call.toolName) ? 'tool_not_offered' : 'unknown_tool';
    return { kind: 'refuse', reason, args: undefined };
  }

  const args = parseImageToolArguments(call.input);
  if (!offered.has(IMAGE_TOOL_NAME) || !imageTool || !context.hasImageModel) {
    const reason = !imageTool ? 'unknown_tool' : isLastStep ? 'step_limit' : (policy.blockingLimit() ?? 'tool_not_offered');
    return { kind: 'refuse', reason, args };
  }
  if (!args) return { kind: 'refuse', reason: 'invalid_arguments', args: undefined };

  const action = resolveAction(imageTool.action, args.action, context.contextImages.length > 0);
  if (action === undefined) return { kind: 'refuse', reason: 'no_image_to_edit', args };
  // Newest first: an edit works on the latest image.
  const editImages = [...context.contextImages].reverse();
  const dedupeKey = imageDedupeKey(args.prompt, action, action === 'edit' ? editImages[0]?.id : undefined);
  const decision = policy.decide(dedupeKey);
  if (decision.kind === 'reuse') return { kind: 'reuse', args, itemId: decision.itemId };
  if (decision.kind === 'ignore') return { kind: 'refuse', reason: decision.reason, args };
  return { kind: 'run', args, action, editImages, dedupeKey };
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
