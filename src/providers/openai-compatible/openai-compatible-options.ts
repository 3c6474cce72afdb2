/**
 * How one OpenAI-compatible server differs from another, as settings for the one adapter.
 * Presets for the servers we know are in `openai-compatible-presets.ts`.
 */
export interface OpenAICompatibleOptions {
  /** Shown as `LanguageModel.provider` and in error messages: `openai.chat`, `ollama`, `vllm`, … */
  readonly provider: string;
  /** False for text-only models: each image part becomes a short text stand-in (and a warning). */
  readonly supportsImageInput: boolean;
  /** Sends `stream_options: {include_usage: true}` so the stream ends with a usage chunk. */
  readonly supportsStreamUsage: boolean;
  /** Sends `parallel_tool_calls` when the caller sets it; otherwise the field is left out. */
  readonly supportsParallelToolCalls: boolean;
  /** OpenAI deprecated `max_tokens` for `max_completion_tokens`; most other servers only read `max_tokens`. */
  readonly maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /**
   * Which `tool_choice` values the server honours:
   * - `full`: `auto | none | required | {type:'function', function:{name}}`
   * - `modes`: `auto | none | required`; a named choice is sent as `required` with only that tool offered
   * - `none`: no `tool_choice` at all; `none` is kept by offering no tools, forcing is impossible (warned)
   */
  readonly toolChoice: 'full' | 'modes' | 'none';
  /** Makes an id for a tool call the server sent without one; random `call_…` ids by default. */
  readonly generateToolCallId?: () => string;
}
