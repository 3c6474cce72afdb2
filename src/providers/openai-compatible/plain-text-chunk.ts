import type { ChatCompletionChunk } from './chat-completions-wire.ts';

/**
 * Whether `payload` is the common chunk of a streamed answer: one choice whose delta holds text
 * (or nothing), no tool calls, no usage. Checked with typeof, and only ever true for what
 * `chatCompletionChunkSchema` accepts, so such a chunk skips the schema parse (the stream's hot
 * path: one per token or so); anything else (tool calls, usage, other shapes) is parsed by the
 * schema as before.
 */
export function isPlainTextChunk(payload: unknown): payload is ChatCompletionChunk {
  if (!isRecord(payload) || !isNullish(payload['usage']) || !isNullish(payload['x_groq'])) return false;
  const choices = payload['choices'];
  if (!Array.isArray(choices) || choices.length !== 1) return false;
  const choice: unknown = choices[0];
  if (!isRecord(choice) || !isNullishOr(choice['index'], 'number') || !isNullishOr(choice['finish_reason'], 'string')) return false;
  const delta = choice['delta'];
  if (isNullish(delta)) return true;
  return isRecord(delta) && isNullishOr(delta['content'], 'string') && isNullishOr(delta['refusal'], 'string') && isNullish(delta['tool_calls']);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

function isNullishOr(value: unknown, type: 'string' | 'number'): boolean {
  // A number that is NaN or infinite never comes out of JSON.parse.
  return isNullish(value) || typeof value === type;
}
