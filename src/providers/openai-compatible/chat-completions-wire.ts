/**
 * Chat Completions on the wire, as far as we read or write it (OpenAPI `CreateChatCompletionRequest`,
 * `CreateChatCompletionResponse`, `CreateChatCompletionStreamResponse`, `ChatCompletionMessageToolCall`,
 * `ChatCompletionMessageToolCallChunk`, `CompletionUsage`). The answer schemas are lenient on
 * purpose: every OpenAI-compatible server leaves out or nulls some field, and a value we do not
 * know (a new finish reason) must not fail the whole answer.
 */
import { z } from 'zod';

export type ChatContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: 'low' | 'high' } };

export interface ChatToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ChatContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ChatToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string };

export interface ChatTool {
  type: 'function';
  function: { name: string; description: string; parameters: { readonly [key: string]: unknown } };
}

export type ChatToolChoice = 'auto' | 'none' | 'required' | { type: 'function'; function: { name: string } };

export interface ChatCompletionRequestBody {
  model: string;
  messages: ChatMessage[];
  tools?: ChatTool[];
  tool_choice?: ChatToolChoice;
  parallel_tool_calls?: boolean;
  max_tokens?: number;
  max_completion_tokens?: number;
  temperature?: number;
  top_p?: number;
  stream?: true;
  stream_options?: { include_usage: true };
}

const count = z.number().nullish();

export const chatUsageSchema = z.object({
  prompt_tokens: count,
  completion_tokens: count,
  /** Tells whether a server counted reasoning inside completion_tokens or apart (see map-chat-usage.ts). */
  total_tokens: count,
  prompt_tokens_details: z.object({ cached_tokens: count }).nullish(),
  completion_tokens_details: z.object({ reasoning_tokens: count }).nullish(),
  /** Where a few servers put the reasoning count instead of completion_tokens_details. */
  reasoning_tokens: count,
  /** DeepSeek's own name for the cached prompt tokens (its API docs); newer answers also send prompt_tokens_details. */
  prompt_cache_hit_tokens: count,
});

// Groq reports streamed usage under `x_groq.usage` on the last chunk (shape seen in vercel/ai's
// groq stream tests and in captured Groq chunks), besides or instead of `usage`.
const groqExtension = z.object({ usage: chatUsageSchema.nullish() }).nullish();

// A few servers (LiteLLM in front of Ollama, see BerriAI/litellm#37792) send arguments as an object.
const toolArguments = z.union([z.string(), z.record(z.string(), z.unknown())]).nullish();

export const chatCompletionResponseSchema = z.object({
  choices: z.array(
    z.object({
      index: z.number().nullish(),
      message: z.object({
        content: z.string().nullish(),
        refusal: z.string().nullish(),
        tool_calls: z
          .array(z.object({ id: z.string().nullish(), function: z.object({ name: z.string().nullish(), arguments: toolArguments }) }))
          .nullish(),
      }),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: chatUsageSchema.nullish(),
  x_groq: groqExtension,
});

export const chatToolCallDeltaSchema = z.object({
  index: z.number().int().nullish(),
  id: z.string().nullish(),
  function: z.object({ name: z.string().nullish(), arguments: toolArguments }).nullish(),
});

export const chatCompletionChunkSchema = z.object({
  choices: z
    .array(
      z.object({
        index: z.number().nullish(),
        delta: z
          .object({ content: z.string().nullish(), refusal: z.string().nullish(), tool_calls: z.array(chatToolCallDeltaSchema).nullish() })
          .nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  usage: chatUsageSchema.nullish(),
  x_groq: groqExtension,
});

export type ChatUsage = z.infer<typeof chatUsageSchema>;
export type ChatCompletionResponse = z.infer<typeof chatCompletionResponseSchema>;
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;
export type ChatToolCallDelta = z.infer<typeof chatToolCallDeltaSchema>;
