import { countO200kTokens } from '../../tokens/count-o200k-tokens.ts';
import { o200kEncoding } from '../../tokens/o200k-encoding.ts';
import type { LanguageModelCallOptions } from '../spec/language-model.ts';

/** Flat charge per image part, roughly what a low-detail image costs a GPT-4o-class model. */
export const TOKENS_PER_IMAGE_PART = 85;

// Prompt text is user data: "<|endoftext|>" in it is ordinary text, not a reason to throw.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

// The loop re-sends the same messages every step and the benchmark repeats prompts, so counts are
// memoized; the map is simply dropped when full, which keeps it bounded without LRU bookkeeping.
const MAX_MEMOIZED_COUNTS = 4096;
const memoizedCounts = new Map<string, number>();

/** o200k tokens in `text`, memoized; linear in its length (see `countO200kTokens`). */
export function countTextTokens(text: string): number {
  if (text.length === 0) return 0;
  const known = memoizedCounts.get(text);
  if (known !== undefined) return known;
  const count = countO200kTokens(text);
  if (memoizedCounts.size >= MAX_MEMOIZED_COUNTS) memoizedCounts.clear();
  memoizedCounts.set(text, count);
  return count;
}

/** o200k token ids of `text`, for streaming it token by token (the simulator's own short replies). */
export function encodeText(text: string): number[] {
  return o200kEncoding().encode(text, PLAIN_TEXT);
}

/**
 * Input tokens as the simulator bills them: all prompt text, tool-call inputs and tool-result
 * outputs, the offered tools' names, descriptions and schemas, plus a flat charge per image.
 */
export function countInputTokens(options: Pick<LanguageModelCallOptions, 'prompt' | 'tools'>): number {
  let total = 0;
  for (const message of options.prompt) {
    switch (message.role) {
      case 'system':
        total += countTextTokens(message.content);
        break;
      case 'user':
        for (const part of message.content) {
          total += part.type === 'text' ? countTextTokens(part.text) : TOKENS_PER_IMAGE_PART;
        }
        break;
      case 'assistant':
        for (const part of message.content) {
          total += countTextTokens(part.type === 'text' ? part.text : part.input);
        }
        break;
      case 'tool':
        for (const part of message.content) total += countTextTokens(part.output);
        break;
    }
  }
  for (const tool of options.tools ?? []) {
    total += countTextTokens(tool.name) + countTextTokens(tool.description) + countTextTokens(JSON.stringify(tool.parameters));
  }
  return total;
}
