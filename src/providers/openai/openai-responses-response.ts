import { invalidResponse } from '../shared/invalid-response.ts';
import type { LanguageModelContent, LanguageModelFinishReason, LanguageModelToolCallPart, LanguageModelUsage } from '../spec/language-model.ts';
import { openAIResponsesFailedError } from './openai-responses-error.ts';
import {
  type OpenAIResponse,
  type OpenAIResponsesOutputItem,
  type OpenAIResponsesUsage,
  openAIResponseSchema,
  openAIResponsesFunctionCallItemSchema,
  openAIResponsesMessageItemSchema,
} from './openai-responses-wire.ts';

export interface OpenAIResponsesAnswer {
  content: LanguageModelContent[];
  finishReason: LanguageModelFinishReason;
  usage: LanguageModelUsage;
}

/**
 * A non-streamed `Response` as content, finish reason and usage. Output text and refusals
 * become text (a refusal is what the model says to the user); function calls become tool calls
 * keyed by `call_id`, the id `function_call_output` answers to; reasoning and other item types
 * are skipped (their tokens are still counted in usage). A `failed` response throws.
 */
export function mapOpenAIResponse(provider: string, payload: unknown): OpenAIResponsesAnswer {
  // The body is only serialized again for an error, where it is kept for the logs.
  const body = () => JSON.stringify(payload);
  const parsed = openAIResponseSchema.safeParse(payload);
  if (!parsed.success) throw invalidResponse(provider, `${provider} sent a response that is not a Response object`, body(), parsed.error);
  const response = parsed.data;
  if (response.status === 'failed') throw openAIResponsesFailedError(provider, response, body());
  const content: LanguageModelContent[] = [];
  for (const item of response.output) {
    if (item.type === 'message') {
      const message = openAIResponsesMessageItemSchema.safeParse(item);
      if (!message.success) throw invalidResponse(provider, `${provider} sent a malformed message item`, body(), message.error);
      for (const part of message.data.content) {
        const text = part.type === 'output_text' ? part.text : part.type === 'refusal' ? part.refusal : undefined;
        if (text !== undefined) content.push({ type: 'text', text });
      }
    } else if (item.type === 'function_call') {
      content.push(readFunctionCall(provider, item));
    }
  }
  const hasToolCalls = content.some((part) => part.type === 'tool-call');
  return { content, finishReason: mapOpenAIResponsesFinishReason(response, hasToolCalls), usage: mapOpenAIResponsesUsage(response.usage) };
}

/** A `function_call` item as a tool call; a malformed one is an invalid_response naming the item. */
export function readFunctionCall(provider: string, item: OpenAIResponsesOutputItem): LanguageModelToolCallPart {
  const call = openAIResponsesFunctionCallItemSchema.safeParse(item);
  if (!call.success) throw invalidResponse(provider, `${provider} sent a malformed function_call item`, JSON.stringify(item), call.error);
  return { type: 'tool-call', toolCallId: call.data.call_id, toolName: call.data.name, input: call.data.arguments };
}

/**
 * `incomplete` says why in `incomplete_details.reason` (`max_output_tokens`, `content_filter`);
 * `completed` is a tool-call stop when the output holds function calls.
 */
export function mapOpenAIResponsesFinishReason(response: Pick<OpenAIResponse, 'status' | 'incomplete_details'>, hasToolCalls: boolean): LanguageModelFinishReason {
  if (response.status === 'incomplete') {
    const reason = response.incomplete_details?.reason;
    if (reason === 'max_output_tokens') return 'length';
    if (reason === 'content_filter') return 'content-filter';
    return 'other';
  }
  if (response.status === 'failed') return 'error';
  if (response.status !== 'completed' && response.status !== undefined && response.status !== null) return 'other';
  return hasToolCalls ? 'tool-calls' : 'stop';
}

/** OpenAI's `output_tokens` already include the reasoning tokens; they are not added again. */
export function mapOpenAIResponsesUsage(usage: OpenAIResponsesUsage | null | undefined): LanguageModelUsage {
  return {
    inputTokens: usage?.input_tokens ?? 0,
    cachedInputTokens: usage?.input_tokens_details?.cached_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
    reasoningTokens: usage?.output_tokens_details?.reasoning_tokens ?? 0,
  };
}
