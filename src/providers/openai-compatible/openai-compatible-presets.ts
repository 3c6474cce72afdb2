import type { OpenAICompatibleOptions } from './openai-compatible-options.ts';

/** The server flavours a config may name (`providers.<name>.preset`). */
export type OpenAICompatiblePresetName = 'openai' | 'ollama' | 'vllm' | 'llamacpp' | 'lmstudio' | 'openrouter' | 'groq';

export interface OpenAICompatiblePreset extends OpenAICompatibleOptions {
  /** Where the server listens by default, without a trailing slash. */
  readonly defaultBaseURL: string;
}

/**
 * Defaults per server. Image input is on only where nearly every model takes images (OpenAI,
 * OpenRouter's usual routes); local servers and Groq serve many text-only models, so config turns
 * it on per provider. Quirks every preset shares are handled in the adapter itself:
 * - finish_reason `stop` next to tool calls counts as `tool-calls` (Ollama before
 *   ollama/ollama#7963; gpt-4o streams did it too, as noted in that PR)
 * - a reused tool-call `index` with a new `id` is a new call (Ollama, ollama/ollama#15457)
 * - arguments may arrive whole in one delta (Ollama) or in pieces (OpenAI, vLLM, Groq)
 * - errors mid-stream arrive as `data: {"error":{…}}` (OpenAI, OpenRouter) or `{"object":"error"}` (vLLM)
 */
export const OPENAI_COMPATIBLE_PRESETS: Readonly<Record<OpenAICompatiblePresetName, OpenAICompatiblePreset>> = {
  openai: {
    provider: 'openai.chat',
    defaultBaseURL: 'https://api.openai.com/v1',
    supportsImageInput: true,
    supportsStreamUsage: true,
    supportsParallelToolCalls: true,
    // `max_tokens` is deprecated and rejected by o-series models (OpenAPI `CreateChatCompletionRequest`).
    maxTokensField: 'max_completion_tokens',
    toolChoice: 'full',
  },
  ollama: {
    provider: 'ollama',
    defaultBaseURL: 'http://localhost:11434/v1',
    supportsImageInput: false,
    // Ollama's ChatWriter sends the usage chunk for include_usage (middleware/openai.go); older
    // releases ignore the field and send no usage at all, which then reads as zeros.
    supportsStreamUsage: true,
    // Its ChatCompletionRequest has no parallel_tool_calls and no tool_choice (openai/openai.go).
    supportsParallelToolCalls: false,
    maxTokensField: 'max_tokens',
    toolChoice: 'none',
  },
  vllm: {
    provider: 'vllm',
    defaultBaseURL: 'http://localhost:8000/v1',
    supportsImageInput: false,
    supportsStreamUsage: true,
    supportsParallelToolCalls: true,
    maxTokensField: 'max_tokens',
    // Named, auto, required (vLLM >= 0.8.3) and none (docs.vllm.ai features/tool_calling). `auto`
    // needs the server started with --enable-auto-tool-choice --tool-call-parser <name>.
    toolChoice: 'full',
  },
  llamacpp: {
    provider: 'llamacpp',
    defaultBaseURL: 'http://localhost:8080/v1',
    supportsImageInput: false,
    supportsStreamUsage: true,
    // Tools need llama-server started with --jinja; parallel calls are off unless the request sets
    // parallel_tool_calls: true (llama.cpp docs/function-calling.md).
    supportsParallelToolCalls: true,
    maxTokensField: 'max_tokens',
    // tool_choice is parsed as a string only: auto | none | required (common/chat.cpp).
    toolChoice: 'modes',
  },
  lmstudio: {
    provider: 'lmstudio',
    defaultBaseURL: 'http://localhost:1234/v1',
    supportsImageInput: false,
    // stream_options.include_usage since LM Studio 0.3.18 (API changelog).
    supportsStreamUsage: true,
    supportsParallelToolCalls: false,
    maxTokensField: 'max_tokens',
    // tool_choice auto | none | required since 0.3.15 (API changelog).
    toolChoice: 'modes',
  },
  openrouter: {
    provider: 'openrouter',
    defaultBaseURL: 'https://openrouter.ai/api/v1',
    supportsImageInput: true,
    // Keep-alive comments (`: OPENROUTER PROCESSING`) are skipped by the SSE reader.
    supportsStreamUsage: true,
    supportsParallelToolCalls: true,
    maxTokensField: 'max_tokens',
    toolChoice: 'full',
  },
  groq: {
    provider: 'groq',
    defaultBaseURL: 'https://api.groq.com/openai/v1',
    supportsImageInput: false,
    supportsStreamUsage: true,
    supportsParallelToolCalls: true,
    // groq-python added max_completion_tokens and deprecated max_tokens (groq/groq-python#175).
    maxTokensField: 'max_completion_tokens',
    toolChoice: 'full',
  },
};
