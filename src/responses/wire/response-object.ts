import type { TextConfig, ToolChoice } from '../request/create-response-request.ts';
import type { OutputItem } from './output-items.ts';

export type ResponseStatus = 'in_progress' | 'completed' | 'failed' | 'incomplete' | 'cancelled' | 'queued';

export type ResponseUsage = {
  input_tokens: number;
  /** OpenAI requires `cache_write_tokens`: 0, since no adapter asks a provider to write its prompt cache (Anthropic writes only under `cache_control`, never sent). */
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};

/**
 * Usage before anything ran, or of a response that failed before its first model step. Never
 * null: Open Responses requires `usage` on every Response and OpenAI's schema types it as an object.
 */
export function zeroUsage(): ResponseUsage {
  return { input_tokens: 0, input_tokens_details: { cached_tokens: 0, cache_write_tokens: 0 }, output_tokens: 0, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 0 };
}

/** One image call the server did not execute (our extension, under `imagegate`). */
export type IgnoredToolCall = {
  call_id: string;
  prompt: string | null;
  /** `max_tool_calls` | `max_images` | `exact_images` | `duplicate_prompt` | `tool_not_offered` | `step_limit` | `unknown_tool` | `invalid_arguments` */
  reason: string;
  /** For `duplicate_prompt`: the image that was reused instead. */
  reused_item_id?: string;
};

/** One line of a response's cost (the wire shape under `imagegate.cost.lines`). */
export type CostLineWire = {
  kind: 'model_step' | 'image';
  model: string;
  /** `tokens`, `per_image`, or `unknown` when no price is known. */
  basis: 'tokens' | 'per_image' | 'unknown';
  /** Null when unknown — never reported as 0. */
  cost_usd: number | null;
  step?: number;
  item_id?: string;
  input_tokens?: number;
  cached_input_tokens?: number;
  output_tokens?: number;
  quality?: string;
  size?: string;
  partial_images?: number;
};

/** Our extension block on every Response (documented in the README). */
export type ImagegateResponseInfo = {
  /** True when the language model or the image backend is a local simulation. */
  simulated: boolean;
  /** The model that actually answered, e.g. `simulator-repeat`. */
  resolved_model: string;
  image_backend: string;
  /** The limits in force for this response after combining config, key, body and headers. */
  limits: { max_tool_calls: number | null; max_images: number | null; exact_images: number | null; max_model_steps: number };
  images_generated: number;
  model_steps: number;
  ignored_tool_calls: IgnoredToolCall[];
  /** What this response cost: a line per model step and per image (null when a price is unknown). */
  cost?: {
    currency: 'USD';
    total_usd: number | null;
    known: boolean;
    lines: CostLineWire[];
  };
  /** Settings a provider could not honour (never dropped silently). */
  warnings: Array<{ source: 'model' | 'image'; setting?: string; message: string }>;
};

export type ResponseObject = {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  background: boolean;
  completed_at: number | null;
  error: { code: string; message: string } | null;
  /** `exact_images_not_met` is imagegate's: an exact image count could not be met at run time. */
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' | 'exact_images_not_met' } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  max_tool_calls: number | null;
  metadata: Record<string, string>;
  model: string;
  output: OutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  /** The conversation this response was added to; absent when there is none. */
  conversation?: { id: string };
  prompt_cache_key: string | null;
  reasoning: { effort: string | null; summary: string | null };
  safety_identifier: string | null;
  service_tier: string;
  store: boolean;
  temperature: number;
  text: TextConfig;
  tool_choice: ToolChoice;
  /** The request's tools echoed with OpenAI's defaults filled in. */
  tools: Array<Record<string, unknown>>;
  top_logprobs: number;
  top_p: number;
  /** Open Responses requires both penalties on every Response; the request's values, 0 when absent. */
  presence_penalty: number;
  frequency_penalty: number;
  truncation: string;
  usage: ResponseUsage;
  /** Only when the request sent one: OpenAI's schema types it as a string, not nullable. */
  user?: string;
  imagegate: ImagegateResponseInfo;
};
