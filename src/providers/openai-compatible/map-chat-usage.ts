import type { LanguageModelUsage } from '../spec/language-model.ts';
import type { ChatUsage } from './chat-completions-wire.ts';

/**
 * `CompletionUsage` in spec terms. A server that reports none (Ollama before stream usage, a
 * stream cut before its usage chunk) reads as zeros: the spec has no "unknown".
 */
export function mapChatUsage(usage: ChatUsage | null | undefined): LanguageModelUsage {
  return {
    inputTokens: tokens(usage?.prompt_tokens),
    cachedInputTokens: tokens(usage?.prompt_tokens_details?.cached_tokens),
    outputTokens: tokens(usage?.completion_tokens),
    reasoningTokens: tokens(usage?.completion_tokens_details?.reasoning_tokens),
  };
}

function tokens(value: number | null | undefined): number {
  return value === null || value === undefined || !Number.isFinite(value) ? 0 : Math.max(0, Math.round(value));
}
