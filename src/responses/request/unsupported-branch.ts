import { z } from 'zod';
import { pushWireIssue, type WireIssue } from './wire-primitives.ts';

/** Tool types of OpenAI's `Tool` union that imagegate does not run. */
export const UNSUPPORTED_TOOL_TYPES = [
  'file_search',
  'computer',
  'computer_use_preview',
  'web_search',
  'web_search_2025_08_26',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'mcp',
  'code_interpreter',
  'programmatic_tool_calling',
  'local_shell',
  'shell',
  'custom',
  'namespace',
  'tool_search',
  'apply_patch',
] as const;

/** `tool_choice` object types of OpenAI's `ToolChoiceParam` that name a tool imagegate does not run. */
export const UNSUPPORTED_TOOL_CHOICE_TYPES = [
  'file_search',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'computer',
  'computer_use_preview',
  'computer_use',
  'code_interpreter',
  'mcp',
  'custom',
  'programmatic_tool_calling',
  'apply_patch',
  'shell',
] as const;

/** Item types of OpenAI's `InputItem` union that belong to tools imagegate does not run. */
export const UNSUPPORTED_INPUT_ITEM_TYPES = [
  'file_search_call',
  'computer_call',
  'computer_call_output',
  'web_search_call',
  'tool_search_call',
  'tool_search_output',
  'additional_tools',
  'compaction_trigger',
  'code_interpreter_call',
  'local_shell_call',
  'local_shell_call_output',
  'shell_call',
  'shell_call_output',
  'apply_patch_call',
  'apply_patch_call_output',
  'mcp_list_tools',
  'mcp_approval_request',
  'mcp_approval_response',
  'mcp_call',
  'custom_tool_call',
  'custom_tool_call_output',
  'program',
  'program_output',
] as const;

/**
 * Discriminator values that exist in OpenAI's spec but are refused with their own error; they are
 * left out of "Supported values are: ..." lists.
 */
export const UNSUPPORTED_DISCRIMINATOR_VALUES: ReadonlySet<unknown> = new Set<unknown>([
  ...UNSUPPORTED_TOOL_TYPES,
  ...UNSUPPORTED_TOOL_CHOICE_TYPES,
  ...UNSUPPORTED_INPUT_ITEM_TYPES,
]);

/**
 * A discriminated-union branch for `type` values that OpenAI knows and imagegate refuses: it
 * always fails with `describe(type)` on `type`, and its output type is `never` so it vanishes
 * from the inferred request types.
 */
export function unsupportedBranch<const Types extends readonly [string, ...string[]]>(
  types: Types,
  describe: (type: string) => WireIssue,
) {
  return z
    .looseObject({ type: z.enum(types) })
    .check((ctx) => pushWireIssue(ctx, describe(ctx.value.type), ['type']))
    .pipe(z.never());
}
