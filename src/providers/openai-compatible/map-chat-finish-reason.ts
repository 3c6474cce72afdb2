import type { LanguageModelFinishReason } from '../spec/language-model.ts';

/**
 * A Chat Completions `finish_reason` in spec terms. Tool calls win over `stop` and over a missing
 * reason: Ollama finished streamed tool calls with `stop` before ollama/ollama#7963, and that PR
 * notes gpt-4o streams doing the same. `length` stays `length` even with (cut-off) tool calls.
 */
export function mapChatFinishReason(reason: string | null | undefined, hasToolCalls: boolean): LanguageModelFinishReason {
  switch (reason) {
    case 'length':
      return 'length';
    case 'content_filter':
      return 'content-filter';
    // OpenRouter ends a stream that failed upstream with finish_reason `error`.
    case 'error':
      return 'error';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'stop':
      return hasToolCalls ? 'tool-calls' : 'stop';
    default:
      return hasToolCalls ? 'tool-calls' : 'other';
  }
}
