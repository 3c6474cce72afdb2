import { z } from 'zod';
import { imagegateOptionsSchema } from './imagegate-options-schema.ts';
import { inputSchema } from './input-item-schema.ts';
import { metadataSchema } from './metadata-schema.ts';
import {
  contextManagementSchema,
  conversationSchema,
  includableSchema,
  moderationOptionsSchema,
  promptCacheOptionsSchema,
  promptReferenceSchema,
  reasoningConfigSchema,
  serviceTierSchema,
  streamOptionsSchema,
  textConfigSchema,
} from './response-options-schema.ts';
import { toolChoiceSchema } from './tool-choice-schema.ts';
import { toolSchema } from './tool-schema.ts';
import { decimalInRange, integerInRange, modelNameSchema } from './wire-primitives.ts';

/**
 * The body of `POST /v1/responses`: every request field of OpenAI's `CreateResponse`
 * (CreateModelResponseProperties + ResponseProperties + its own members), the two sampling
 * penalties of the Open Responses spec, and imagegate's `imagegate` extension. Unknown keys fail.
 * Fields the spec marks nullable accept `null` (same meaning as absent).
 */
export const createResponseRequestSchema = z.strictObject({
  /** Text model id, e.g. `gpt-4.1`. */
  model: modelNameSchema,
  input: inputSchema.optional(),
  instructions: z.string().nullable().optional(),
  tools: z.array(toolSchema).nullable().optional(),
  tool_choice: toolChoiceSchema.nullable().optional(),
  parallel_tool_calls: z.boolean().nullable().optional(),
  /** Cap on built-in tool calls in this response. Spec: integer; Open Responses: minimum 1. */
  max_tool_calls: integerInRange(1).nullable().optional(),
  /** Spec minimum: 16 tokens. */
  max_output_tokens: integerInRange(16).nullable().optional(),
  temperature: decimalInRange(0, 2).nullable().optional(),
  top_p: decimalInRange(0, 1).nullable().optional(),
  top_logprobs: integerInRange(0, 20).nullable().optional(),
  /** Open Responses only; the Chat Completions range. */
  presence_penalty: decimalInRange(-2, 2).nullable().optional(),
  frequency_penalty: decimalInRange(-2, 2).nullable().optional(),
  previous_response_id: z.string().min(1).nullable().optional(),
  conversation: conversationSchema.nullable().optional(),
  store: z.boolean().nullable().optional(),
  background: z.boolean().nullable().optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: streamOptionsSchema.nullable().optional(),
  metadata: metadataSchema.nullable().optional(),
  text: textConfigSchema.optional(),
  reasoning: reasoningConfigSchema.nullable().optional(),
  include: z.array(includableSchema).nullable().optional(),
  /** Deprecated in favour of `safety_identifier` and `prompt_cache_key`. */
  user: z.string().optional(),
  safety_identifier: z.string().max(64).nullable().optional(),
  prompt_cache_key: z.string().nullable().optional(),
  prompt_cache_retention: z.enum(['in_memory', '24h']).nullable().optional(),
  prompt_cache_options: promptCacheOptionsSchema.optional(),
  service_tier: serviceTierSchema.nullable().optional(),
  truncation: z.enum(['auto', 'disabled']).nullable().optional(),
  prompt: promptReferenceSchema.nullable().optional(),
  context_management: contextManagementSchema.nullable().optional(),
  moderation: moderationOptionsSchema.nullable().optional(),
  /** imagegate extension: image limits and budget for this response. */
  imagegate: imagegateOptionsSchema.optional(),
});

export type CreateResponseRequest = z.infer<typeof createResponseRequestSchema>;

// The request's parts, so that consumers import request types from one place.
export type {
  InputContentPart,
  InputFilePart,
  InputImagePart,
  InputTextPart,
  OutputContentPart,
  OutputTextPart,
  RefusalPart,
} from './content-part-schema.ts';
export type { ImagegateOptions } from './imagegate-options-schema.ts';
export type {
  AssistantMessageItem,
  FunctionCallItem,
  FunctionCallOutputItem,
  ImageGenerationCallItem,
  Input,
  InputItem,
  InstructionMessageItem,
  ItemReference,
  MessageItem,
  ReasoningItem,
} from './input-item-schema.ts';
export type { Metadata } from './metadata-schema.ts';
export type {
  ConversationReference,
  Includable,
  PromptReference,
  ReasoningConfig,
  ServiceTier,
  TextConfig,
  TextFormat,
} from './response-options-schema.ts';
export type { AllowedTool, ToolChoice, ToolChoiceMode } from './tool-choice-schema.ts';
export type { FunctionToolConfig, ImageGenerationToolConfig, ToolConfig } from './tool-schema.ts';
export { inputItemSchema, inputSchema } from './input-item-schema.ts';
export { imagegateOptionsSchema } from './imagegate-options-schema.ts';
export { toolChoiceSchema } from './tool-choice-schema.ts';
export { functionToolSchema, imageGenerationToolSchema, toolSchema } from './tool-schema.ts';
