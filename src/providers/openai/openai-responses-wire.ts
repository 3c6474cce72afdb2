/**
 * The Responses API on the wire, as far as the adapter writes and reads it (OpenAPI
 * `CreateResponse`, `Response`, `ResponseUsage`, `FunctionToolCall`, `ResponseStreamEvent`,
 * `ErrorResponse`). Answers are read leniently: status and reason strings stay plain strings
 * and unknown output item types pass through, so a newer API version cannot fail a whole answer.
 */
import { z } from 'zod';
import type { JsonSchema } from '../spec/language-model.ts';

export type OpenAIResponsesInputContent =
  | { type: 'input_text'; text: string }
  /** `detail` is required by the spec; `auto` is its documented default. */
  | { type: 'input_image'; image_url: string; detail: 'low' | 'high' | 'auto' | 'original' };

export type OpenAIResponsesInputItem =
  | { type: 'message'; role: 'user'; content: OpenAIResponsesInputContent[] }
  | { type: 'message'; role: 'developer'; content: string }
  | { type: 'message'; role: 'assistant'; content: Array<{ type: 'output_text'; text: string }> }
  | { type: 'function_call'; call_id: string; name: string; arguments: string }
  | { type: 'function_call_output'; call_id: string; output: string };

export interface OpenAIResponsesFunctionTool {
  type: 'function';
  name: string;
  description: string;
  parameters: JsonSchema;
  strict: false;
}

export type OpenAIResponsesToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; name: string };

/** What we POST to `/responses`; fields left out are left to OpenAI's defaults. */
export interface OpenAIResponsesRequestBody {
  model: string;
  input: OpenAIResponsesInputItem[];
  instructions?: string;
  tools?: OpenAIResponsesFunctionTool[];
  tool_choice?: OpenAIResponsesToolChoice;
  parallel_tool_calls?: boolean;
  max_output_tokens?: number;
  temperature?: number;
  top_p?: number;
  store: false;
  stream: boolean;
}

export const openAIResponsesUsageSchema = z.object({
  input_tokens: z.number().int().min(0),
  input_tokens_details: z.object({ cached_tokens: z.number().int().min(0).nullish() }).nullish(),
  /** Includes the reasoning tokens. */
  output_tokens: z.number().int().min(0),
  output_tokens_details: z.object({ reasoning_tokens: z.number().int().min(0).nullish() }).nullish(),
  total_tokens: z.number().nullish(),
});

/** Any output item; the ones we read are parsed further by type. */
export const openAIResponsesOutputItemSchema = z.looseObject({ type: z.string() });

export const openAIResponsesMessageItemSchema = z.object({
  type: z.literal('message'),
  content: z.array(z.looseObject({ type: z.string(), text: z.string().optional(), refusal: z.string().optional() })),
});

export const openAIResponsesFunctionCallItemSchema = z.object({
  type: z.literal('function_call'),
  id: z.string().optional(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
});

/** What the adapter reads of a Response: how it ended, its output items and its usage. */
const openAIResponseOutcomeShape = {
  status: z.string().nullish(),
  error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
  incomplete_details: z.object({ reason: z.string().nullish() }).nullish(),
  output: z.array(openAIResponsesOutputItemSchema),
  usage: openAIResponsesUsageSchema.nullish(),
};

export const openAIResponseSchema = z.looseObject({ id: z.string().optional(), ...openAIResponseOutcomeShape });

/**
 * `response.created | in_progress | completed | incomplete | failed | queued`. Only the outcome is
 * read (the other fields of the response, a few dozen, are neither checked nor copied: this is
 * parsed once per streamed step, on the hot path).
 */
export const openAIResponseLifecycleEventSchema = z.object({ type: z.string(), response: z.object(openAIResponseOutcomeShape) });

/** `response.output_text.delta` and `response.refusal.delta`. */
export const openAIResponsesTextDeltaEventSchema = z.object({ type: z.string(), delta: z.string() });

/** `response.output_item.added` and `response.output_item.done`. */
export const openAIResponsesOutputItemEventSchema = z.object({
  type: z.string(),
  output_index: z.number().int().min(0),
  item: openAIResponsesOutputItemSchema,
});

export const openAIResponsesArgumentsDeltaEventSchema = z.object({
  type: z.literal('response.function_call_arguments.delta'),
  item_id: z.string(),
  delta: z.string(),
});

export const openAIResponsesArgumentsDoneEventSchema = z.object({
  type: z.literal('response.function_call_arguments.done'),
  item_id: z.string(),
  arguments: z.string(),
});

/** The stream's `error` event: the envelope's fields at the top level. */
export const openAIResponsesErrorEventSchema = z.object({
  type: z.literal('error'),
  message: z.string().nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
  param: z.string().nullish(),
});

export type OpenAIResponse = z.infer<typeof openAIResponseSchema>;
/** The part of a Response the adapter reads. */
export type OpenAIResponseOutcome = z.infer<typeof openAIResponseLifecycleEventSchema>['response'];
export type OpenAIResponsesUsage = z.infer<typeof openAIResponsesUsageSchema>;
export type OpenAIResponsesOutputItem = z.infer<typeof openAIResponsesOutputItemSchema>;
