import { z } from 'zod';
import { inputContentPartSchema, outputContentPartSchema } from './content-part-schema.ts';
import { UNSUPPORTED_INPUT_ITEM_TYPES, unsupportedBranch } from './unsupported-branch.ts';
import { itemStatusSchema } from './wire-primitives.ts';

const messagePhaseSchema = z.enum(['commentary', 'final_answer']).nullable().optional();

/** A user, system or developer message (OpenAI's `EasyInputMessage` / `InputMessage`). */
export const instructionMessageSchema = z.strictObject({
  type: z.literal('message').optional(),
  role: z.enum(['user', 'system', 'developer']),
  content: z.union([z.string(), z.array(inputContentPartSchema)]),
  id: z.string().optional(),
  status: itemStatusSchema.optional(),
  phase: messagePhaseSchema,
});

/**
 * An earlier assistant message. OpenAI refuses `input_text` parts here ("Invalid value:
 * 'input_text'. Supported values are: 'output_text' and 'refusal'."), so only output parts pass.
 */
export const assistantMessageSchema = z.strictObject({
  type: z.literal('message').optional(),
  role: z.literal('assistant'),
  content: z.union([z.string(), z.array(outputContentPartSchema)]),
  id: z.string().optional(),
  status: itemStatusSchema.optional(),
  phase: messagePhaseSchema,
});

export const messageItemSchema = z.discriminatedUnion('role', [instructionMessageSchema, assistantMessageSchema]);

const toolCallCallerSchema = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('direct') }),
    z.strictObject({ type: z.literal('program'), caller_id: z.string().min(1).max(64) }),
  ])
  .nullable()
  .optional();

export const functionCallItemSchema = z.strictObject({
  type: z.literal('function_call'),
  call_id: z.string(),
  name: z.string(),
  /** JSON text of the arguments, as the model wrote it. */
  arguments: z.string(),
  id: z.string().optional(),
  status: itemStatusSchema.optional(),
  namespace: z.string().optional(),
  caller: toolCallCallerSchema,
});

export const functionCallOutputItemSchema = z.strictObject({
  type: z.literal('function_call_output'),
  // Spec makes call_id nullable and optional; without it the output cannot be matched to a call.
  call_id: z.string().min(1).max(64),
  output: z.union([z.string().max(10_485_760), z.array(inputContentPartSchema)]),
  id: z.string().nullable().optional(),
  status: itemStatusSchema.nullable().optional(),
  name: z.string().min(1).max(128).nullable().optional(),
  namespace: z.string().nullable().optional(),
  caller: toolCallCallerSchema,
});

/**
 * An earlier image generation call. The guides pass only `{type, id}` as a reference; the full
 * item (with `result` and the undeclared output fields OpenAI returns, like `revised_prompt`) is
 * accepted too so that a previous response's `output` can be sent back as is.
 */
export const imageGenerationCallItemSchema = z.strictObject({
  type: z.literal('image_generation_call'),
  id: z.string().min(1),
  status: z.enum(['in_progress', 'completed', 'generating', 'failed']).optional(),
  /** Base64 image bytes. */
  result: z.string().nullable().optional(),
  revised_prompt: z.string().nullable().optional(),
  action: z.string().optional(),
  background: z.string().optional(),
  output_format: z.string().optional(),
  quality: z.string().optional(),
  size: z.string().optional(),
});

export const itemReferenceSchema = z.strictObject({
  // Spec lets `type` be omitted; it is required here because an item without `type` is a message.
  type: z.literal('item_reference'),
  id: z.string().min(1),
});

export const reasoningItemSchema = z.strictObject({
  type: z.literal('reasoning'),
  id: z.string(),
  summary: z.array(z.strictObject({ type: z.literal('summary_text'), text: z.string() })),
  content: z.array(z.strictObject({ type: z.literal('reasoning_text'), text: z.string() })).optional(),
  encrypted_content: z.string().nullable().optional(),
  status: itemStatusSchema.optional(),
});

/**
 * A compaction item made by `POST /v1/responses/compact` (OpenAI's `CompactionSummaryItemParam`;
 * the output item `CompactionBody` with its `id` and `created_by` passes too, so a compaction's
 * `output` can be sent back as is). Its content is checked when it is opened, not here.
 */
export const compactionItemSchema = z.strictObject({
  type: z.literal('compaction'),
  encrypted_content: z.string().min(1).max(20_971_520),
  id: z.string().min(1).nullable().optional(),
  created_by: z.string().optional(),
});

const unsupportedItemSchema = unsupportedBranch(UNSUPPORTED_INPUT_ITEM_TYPES, (type) => ({
  code: 'invalid_value',
  message: `Invalid value: '${type}'. imagegate runs only image_generation and function tools, so input items of type '${type}' are not supported.`,
}));

/** One entry of `input` when it is an array. */
export const inputItemSchema = z.discriminatedUnion('type', [
  messageItemSchema,
  functionCallItemSchema,
  functionCallOutputItemSchema,
  imageGenerationCallItemSchema,
  itemReferenceSchema,
  reasoningItemSchema,
  compactionItemSchema,
  unsupportedItemSchema,
]);

/** `input`: a user message as text, or a list of items. */
export const inputSchema = z.union([z.string().max(10_485_760), z.array(inputItemSchema)]);

export type InstructionMessageItem = z.infer<typeof instructionMessageSchema>;
export type AssistantMessageItem = z.infer<typeof assistantMessageSchema>;
export type MessageItem = z.infer<typeof messageItemSchema>;
export type FunctionCallItem = z.infer<typeof functionCallItemSchema>;
export type FunctionCallOutputItem = z.infer<typeof functionCallOutputItemSchema>;
export type ImageGenerationCallItem = z.infer<typeof imageGenerationCallItemSchema>;
export type ItemReference = z.infer<typeof itemReferenceSchema>;
export type ReasoningItem = z.infer<typeof reasoningItemSchema>;
export type CompactionItem = z.infer<typeof compactionItemSchema>;
export type InputItem = z.infer<typeof inputItemSchema>;
export type Input = z.infer<typeof inputSchema>;
