import { z } from 'zod';
import { inputFilePartSchema, inputImagePartSchema, inputTextPartSchema } from './content-part-schema.ts';
import { functionNamePattern, integerInRange, jsonObjectSchema } from './wire-primitives.ts';

/** `text.format` (OpenAI `TextResponseFormatConfiguration`). */
export const textFormatSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('text') }),
  z.strictObject({ type: z.literal('json_object') }),
  z.strictObject({
    type: z.literal('json_schema'),
    name: z.string().regex(functionNamePattern),
    schema: jsonObjectSchema,
    description: z.string().optional(),
    strict: z.boolean().nullable().optional(),
  }),
]);

export const textConfigSchema = z.strictObject({
  format: textFormatSchema.optional(),
  verbosity: z.enum(['low', 'medium', 'high']).nullable().optional(),
});

const reasoningSummarySchema = z.enum(['auto', 'concise', 'detailed']).nullable().optional();

export const reasoningConfigSchema = z.strictObject({
  /** Spec: any string, or `standard` / `pro`. */
  mode: z.string().optional(),
  effort: z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).nullable().optional(),
  summary: reasoningSummarySchema,
  context: z.enum(['auto', 'current_turn', 'all_turns']).nullable().optional(),
  /** Deprecated alias of `summary`. */
  generate_summary: reasoningSummarySchema,
});

/** A reusable prompt template reference. */
export const promptReferenceSchema = z.strictObject({
  id: z.string(),
  version: z.string().nullable().optional(),
  variables: z
    .record(z.string(), z.union([z.string(), inputTextPartSchema, inputImagePartSchema, inputFilePartSchema]))
    .nullable()
    .optional(),
});

export const conversationSchema = z.union([z.string(), z.strictObject({ id: z.string() })]);

export const streamOptionsSchema = z.strictObject({ include_obfuscation: z.boolean().optional() });

export const contextManagementSchema = z
  .array(
    z.strictObject({
      // Spec: a string, "Currently only 'compaction' is supported."
      type: z.literal('compaction'),
      compact_threshold: integerInRange(1000).nullable().optional(),
    }),
  )
  .min(1);

const moderationConfigSchema = z.strictObject({ mode: z.enum(['score', 'block']) }).nullable().optional();

export const moderationOptionsSchema = z.strictObject({
  model: z.string(),
  policy: z.strictObject({ input: moderationConfigSchema, output: moderationConfigSchema }).nullable().optional(),
});

export const promptCacheOptionsSchema = z.strictObject({
  ttl: z.literal('30m').optional(),
  mode: z.enum(['implicit', 'explicit']).optional(),
});

/** OpenAI `IncludeEnum`. */
export const includableSchema = z.enum([
  'file_search_call.results',
  'web_search_call.results',
  'web_search_call.action.sources',
  'message.input_image.image_url',
  'computer_call_output.output.image_url',
  'code_interpreter_call.outputs',
  'reasoning.encrypted_content',
  'message.output_text.logprobs',
]);

export const serviceTierSchema = z.enum(['auto', 'default', 'flex', 'scale', 'priority', 'fast', 'ultrafast']);

export type TextConfig = z.infer<typeof textConfigSchema>;
export type TextFormat = z.infer<typeof textFormatSchema>;
export type ReasoningConfig = z.infer<typeof reasoningConfigSchema>;
export type PromptReference = z.infer<typeof promptReferenceSchema>;
export type ConversationReference = z.infer<typeof conversationSchema>;
export type Includable = z.infer<typeof includableSchema>;
export type ServiceTier = z.infer<typeof serviceTierSchema>;
