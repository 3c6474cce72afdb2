/**
 * The Anthropic Messages API on the wire, as far as the adapter writes and reads it
 * (`POST /v1/messages`; types as in anthropics/anthropic-sdk-typescript
 * `src/resources/messages/messages.ts`). Answers are read leniently: unknown block, delta and
 * event types pass the schemas and are skipped by the mappers, so a newer API version adds
 * blocks without failing whole answers.
 */
import { z } from 'zod';
import type { JsonSchema } from '../spec/language-model.ts';

export interface AnthropicTextBlockParam {
  type: 'text';
  text: string;
}

export interface AnthropicImageBlockParam {
  type: 'image';
  source: { type: 'base64'; media_type: string; data: string };
}

export interface AnthropicToolUseBlockParam {
  type: 'tool_use';
  id: string;
  name: string;
  /** Must be an object; the model's JSON string is parsed before it is sent back. */
  input: Record<string, unknown>;
}

export interface AnthropicToolResultBlockParam {
  type: 'tool_result';
  tool_use_id: string;
  content: string;
}

export type AnthropicUserContent = AnthropicTextBlockParam | AnthropicImageBlockParam | AnthropicToolResultBlockParam;
export type AnthropicAssistantContent = AnthropicTextBlockParam | AnthropicToolUseBlockParam;

export type AnthropicMessageParam =
  | { role: 'user'; content: AnthropicUserContent[] }
  | { role: 'assistant'; content: AnthropicAssistantContent[] };

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: JsonSchema;
}

/** `disable_parallel_tool_use` exists on every choice except `none`. */
export type AnthropicToolChoice =
  | { type: 'auto' | 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** What we POST to `/messages`; fields left out are left to Anthropic's defaults. */
export interface AnthropicMessagesRequestBody {
  model: string;
  /** Required by the API, unlike OpenAI's optional max_output_tokens. */
  max_tokens: number;
  messages: AnthropicMessageParam[];
  system?: AnthropicTextBlockParam[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  temperature?: number;
  top_p?: number;
  stream?: true;
}

export const anthropicUsageSchema = z.looseObject({
  /** Excludes the tokens read from or written to the prompt cache. */
  input_tokens: z.number().int().min(0).nullish(),
  output_tokens: z.number().int().min(0).nullish(),
  cache_creation_input_tokens: z.number().int().min(0).nullish(),
  cache_read_input_tokens: z.number().int().min(0).nullish(),
  /** The part of output_tokens spent thinking; only newer models report it (vercel/ai recording `anthropic-code-execution-20260120-prompt-cache.1`). */
  output_tokens_details: z.looseObject({ thinking_tokens: z.number().int().min(0).nullish() }).nullish(),
});

const textBlockSchema = z.object({ type: z.literal('text'), text: z.string() });
const toolUseBlockSchema = z.object({ type: z.literal('tool_use'), id: z.string().min(1), name: z.string().min(1), input: z.unknown() });

/** Any content block; text and tool_use are parsed further by type. */
export const anthropicContentBlockSchema = z.looseObject({ type: z.string() });
export const anthropicTextBlockSchema = textBlockSchema;
export const anthropicToolUseBlockSchema = toolUseBlockSchema;

export const anthropicMessageSchema = z.looseObject({
  id: z.string().optional(),
  type: z.literal('message'),
  role: z.literal('assistant'),
  content: z.array(anthropicContentBlockSchema),
  stop_reason: z.string().nullish(),
  usage: anthropicUsageSchema,
});

export const anthropicMessageStartEventSchema = z.object({
  type: z.literal('message_start'),
  message: z.looseObject({ usage: anthropicUsageSchema.nullish() }),
});

export const anthropicContentBlockStartEventSchema = z.object({
  type: z.literal('content_block_start'),
  index: z.number().int().min(0),
  content_block: anthropicContentBlockSchema,
});

export const anthropicContentBlockDeltaEventSchema = z.object({
  type: z.literal('content_block_delta'),
  index: z.number().int().min(0),
  delta: z.looseObject({ type: z.string(), text: z.string().optional(), partial_json: z.string().optional() }),
});

export const anthropicContentBlockStopEventSchema = z.object({ type: z.literal('content_block_stop'), index: z.number().int().min(0) });

/** `usage` here is cumulative (docs: "The token counts shown in the usage field of the message_delta event are cumulative"). */
export const anthropicMessageDeltaEventSchema = z.object({
  type: z.literal('message_delta'),
  delta: z.looseObject({ stop_reason: z.string().nullish() }),
  usage: anthropicUsageSchema.nullish(),
});

/** `{type:"error", error:{type, message}, request_id?}`: the HTTP error body and the stream's `error` event alike. */
export const anthropicErrorSchema = z.looseObject({
  type: z.literal('error'),
  error: z.looseObject({ type: z.string(), message: z.string().nullish() }),
  request_id: z.string().nullish(),
});

export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;
export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;
