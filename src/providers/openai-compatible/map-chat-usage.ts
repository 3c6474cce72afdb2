import type { LanguageModelUsage } from '../spec/language-model.ts';
import type { ChatUsage } from './chat-completions-wire.ts';

/**
 * `CompletionUsage` in spec terms, where output tokens include the reasoning tokens (billed as
 * output, counted once). A server that reports none (Ollama before stream usage, a stream cut
 * before its usage chunk) reads as zeros: the spec has no "unknown".
 *
 * Servers disagree on whether `completion_tokens` already holds the reasoning:
 * - OpenAI, Azure, DeepSeek, Groq: included (`total = prompt + completion`; recordings in
 *   test/fixtures/providers/openai-compatible/vercel-ai: gpt-5-nano 15+78=93, deepseek-reasoner 18+219=237, qwen3-32b 17+1107=1124);
 * - xAI (grok-3-mini): apart (`total = prompt + completion + reasoning`: 307+26+227=560).
 * `total_tokens` tells which: the reasoning is added only when the total equals prompt +
 * completion + reasoning, or when there is more reasoning than completion (it cannot be a part). The count is read from
 * `completion_tokens_details.reasoning_tokens`, else from a top-level `reasoning_tokens`.
 * Servers that stream reasoning text (`reasoning_content` / `reasoning` deltas: DeepSeek, xAI,
 * Groq, vLLM, llama.cpp) but report no reasoning count have it inside completion_tokens already:
 * it is billed as output, only its breakdown reads 0.
 */
export function mapChatUsage(usage: ChatUsage | null | undefined): LanguageModelUsage {
  const input = tokens(usage?.prompt_tokens);
  const completion = tokens(usage?.completion_tokens);
  const reasoning = tokens(usage?.completion_tokens_details?.reasoning_tokens ?? usage?.reasoning_tokens);
  const total = usage?.total_tokens;
  const reportedApart = reasoning > 0 && (total === input + completion + reasoning || reasoning > completion);
  return {
    inputTokens: input,
    cachedInputTokens: tokens(usage?.prompt_tokens_details?.cached_tokens ?? usage?.prompt_cache_hit_tokens),
    outputTokens: reportedApart ? completion + reasoning : completion,
    reasoningTokens: reasoning,
  };
}

function tokens(value: number | null | undefined): number {
  return value === null || value === undefined || !Number.isFinite(value) ? 0 : Math.max(0, Math.round(value));
}
