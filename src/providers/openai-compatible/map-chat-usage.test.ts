import { describe, expect, it } from 'vitest';
import { mapChatUsage } from './map-chat-usage.ts';

describe('mapChatUsage reasoning tokens', () => {
  it('keeps reasoning inside completion_tokens when the total says so (OpenAI, DeepSeek, Groq)', () => {
    const usage = { prompt_tokens: 18, completion_tokens: 219, total_tokens: 237, completion_tokens_details: { reasoning_tokens: 205 } };
    expect(mapChatUsage(usage)).toEqual({ inputTokens: 18, cachedInputTokens: 0, outputTokens: 219, reasoningTokens: 205 });
  });

  it('adds reasoning counted apart from completion_tokens (xAI: total = prompt + completion + reasoning)', () => {
    const usage = { prompt_tokens: 307, completion_tokens: 26, total_tokens: 560, prompt_tokens_details: { cached_tokens: 306 }, completion_tokens_details: { reasoning_tokens: 227 } };
    expect(mapChatUsage(usage)).toEqual({ inputTokens: 307, cachedInputTokens: 306, outputTokens: 253, reasoningTokens: 227 });
  });

  it('reads a top-level usage.reasoning_tokens, apart or included as the total says', () => {
    expect(mapChatUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 45, reasoning_tokens: 30 })).toEqual({ inputTokens: 10, cachedInputTokens: 0, outputTokens: 35, reasoningTokens: 30 });
    expect(mapChatUsage({ prompt_tokens: 10, completion_tokens: 35, total_tokens: 45, reasoning_tokens: 30 })).toEqual({ inputTokens: 10, cachedInputTokens: 0, outputTokens: 35, reasoningTokens: 30 });
  });

  it('without a total, more reasoning than completion cannot be a part of it and is added; less is taken as included', () => {
    expect(mapChatUsage({ prompt_tokens: 10, completion_tokens: 5, completion_tokens_details: { reasoning_tokens: 30 } })).toMatchObject({ outputTokens: 35, reasoningTokens: 30 });
    expect(mapChatUsage({ prompt_tokens: 10, completion_tokens: 50, completion_tokens_details: { reasoning_tokens: 30 } })).toMatchObject({ outputTokens: 50, reasoningTokens: 30 });
  });

  it('reads DeepSeek\'s prompt_cache_hit_tokens when prompt_tokens_details is absent', () => {
    expect(mapChatUsage({ prompt_tokens: 339, completion_tokens: 83, total_tokens: 422, prompt_cache_hit_tokens: 320 })).toMatchObject({ inputTokens: 339, cachedInputTokens: 320 });
  });
});
