import { invalidResponse } from '../shared/invalid-response.ts';
import type { LanguageModelContent, LanguageModelFinishReason, LanguageModelUsage } from '../spec/language-model.ts';
import { type AnthropicUsage, anthropicMessageSchema, anthropicTextBlockSchema, anthropicToolUseBlockSchema } from './anthropic-messages-wire.ts';

export interface AnthropicAnswer {
  readonly content: LanguageModelContent[];
  readonly finishReason: LanguageModelFinishReason;
  readonly usage: LanguageModelUsage;
}

/**
 * Reads a non-streamed Message: text and tool_use blocks in order; other block types
 * (thinking, server tools) are not part of the spec and are skipped.
 */
export function mapAnthropicMessagesResponse(provider: string, json: unknown): AnthropicAnswer {
  const parsed = anthropicMessageSchema.safeParse(json);
  if (!parsed.success) {
    throw invalidResponse(provider, `${provider} answered with an unexpected shape: ${parsed.error.issues[0]?.message ?? 'unknown'}`, JSON.stringify(json));
  }
  const content: LanguageModelContent[] = [];
  for (const block of parsed.data.content) {
    if (block.type === 'text') {
      const text = anthropicTextBlockSchema.safeParse(block);
      if (!text.success) throw invalidResponse(provider, `${provider} sent a malformed text block`, JSON.stringify(block));
      if (text.data.text !== '') content.push({ type: 'text', text: text.data.text });
    } else if (block.type === 'tool_use') {
      const toolUse = anthropicToolUseBlockSchema.safeParse(block);
      if (!toolUse.success) throw invalidResponse(provider, `${provider} sent a malformed tool_use block`, JSON.stringify(block));
      content.push({ type: 'tool-call', toolCallId: toolUse.data.id, toolName: toolUse.data.name, input: JSON.stringify(toolUse.data.input ?? {}) });
    }
  }
  return { content, finishReason: mapAnthropicStopReason(parsed.data.stop_reason), usage: mapAnthropicUsage(parsed.data.usage) };
}

/**
 * Stop reasons as documented for the Messages API; `refusal` is the safety classifier
 * stepping in, `pause_turn` a server-tool turn that was cut short.
 */
export function mapAnthropicStopReason(stopReason: string | null | undefined): LanguageModelFinishReason {
  switch (stopReason) {
    case 'end_turn':
    case 'stop_sequence':
      return 'stop';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'length';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'content-filter';
    default:
      return 'other';
  }
}

/**
 * Anthropic's `input_tokens` leaves out the prompt-cache reads and writes; the spec (like
 * OpenAI's `input_tokens`) counts every input token, with the cached ones broken out.
 */
export function mapAnthropicUsage(usage: AnthropicUsage | null | undefined): LanguageModelUsage {
  const cacheRead = usage?.cache_read_input_tokens ?? 0;
  const cacheWrite = usage?.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: (usage?.input_tokens ?? 0) + cacheRead + cacheWrite,
    cachedInputTokens: cacheRead,
    outputTokens: usage?.output_tokens ?? 0,
    // Thinking tokens are part of output_tokens; most models do not report them apart.
    reasoningTokens: usage?.output_tokens_details?.thinking_tokens ?? 0,
  };
}

