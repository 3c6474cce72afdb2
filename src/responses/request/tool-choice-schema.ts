import { z } from 'zod';
import { UNSUPPORTED_TOOL_CHOICE_TYPES, unsupportedBranch } from './unsupported-branch.ts';

export const imageGenerationChoiceSchema = z.strictObject({ type: z.literal('image_generation') });
export const functionChoiceSchema = z.strictObject({ type: z.literal('function'), name: z.string() });

/** A tool named in `allowed_tools.tools`. */
export const allowedToolSchema = z.discriminatedUnion('type', [imageGenerationChoiceSchema, functionChoiceSchema]);

export const allowedToolsChoiceSchema = z.strictObject({
  type: z.literal('allowed_tools'),
  mode: z.enum(['auto', 'required']),
  tools: z.array(allowedToolSchema),
});

const unsupportedChoiceSchema = unsupportedBranch(UNSUPPORTED_TOOL_CHOICE_TYPES, (type) => ({
  code: 'unsupported_tool',
  message: `Invalid value for '{param}': imagegate does not run the '${type}' tool; it runs only 'image_generation' and 'function' tools.`,
}));

export const toolChoiceModeSchema = z.enum(['none', 'auto', 'required']);

/** `tool_choice`: a mode, or a specific tool to force, or a subset of tools to allow. */
export const toolChoiceSchema = z.union([
  toolChoiceModeSchema,
  z.discriminatedUnion('type', [imageGenerationChoiceSchema, functionChoiceSchema, allowedToolsChoiceSchema, unsupportedChoiceSchema]),
]);

export type AllowedTool = z.infer<typeof allowedToolSchema>;
export type ToolChoiceMode = z.infer<typeof toolChoiceModeSchema>;
export type ToolChoice = z.infer<typeof toolChoiceSchema>;
