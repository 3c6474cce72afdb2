import { describe, expect, it } from 'vitest';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible-presets.ts';

describe('OPENAI_COMPATIBLE_PRESETS', () => {
  it('knows where each server listens and what it is called', () => {
    expect(Object.fromEntries(Object.entries(OPENAI_COMPATIBLE_PRESETS).map(([name, preset]) => [name, [preset.provider, preset.defaultBaseURL]]))).toEqual({
      openai: ['openai.chat', 'https://api.openai.com/v1'],
      ollama: ['ollama', 'http://localhost:11434/v1'],
      vllm: ['vllm', 'http://localhost:8000/v1'],
      llamacpp: ['llamacpp', 'http://localhost:8080/v1'],
      lmstudio: ['lmstudio', 'http://localhost:1234/v1'],
      openrouter: ['openrouter', 'https://openrouter.ai/api/v1'],
      groq: ['groq', 'https://api.groq.com/openai/v1'],
    });
  });

  it('uses max_completion_tokens only where max_tokens is deprecated', () => {
    const fields = Object.entries(OPENAI_COMPATIBLE_PRESETS).filter(([, preset]) => preset.maxTokensField === 'max_completion_tokens').map(([name]) => name);
    expect(fields).toEqual(['openai', 'groq']);
  });
});
