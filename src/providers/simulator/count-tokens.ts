import { countTokens, encode } from 'gpt-tokenizer/encoding/o200k_base';
import type { LanguageModelCallOptions } from '../spec/language-model.ts';

/** Flat charge per image part, roughly what a low-detail image costs a GPT-4o-class model. */
export const TOKENS_PER_IMAGE_PART = 85;

// Prompt text is user data: "<|endoftext|>" in it is ordinary text, not a reason to throw.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

// The loop re-sends the same messages every step and the benchmark repeats prompts, so counts are
// memoized; the map is simply dropped when full, which keeps it bounded without LRU bookkeeping.
const MAX_MEMOIZED_COUNTS = 4096;
const memoizedCounts = new Map<string, number>();

/**
 * BPE merging inside one pre-tokenized piece is quadratic in its length, and o200k keeps a run of
 * letters (or of spaces) as one piece: 160,000 'x' took 23 s on the main thread. Runs this long
 * are counted in slices of this many characters, which keeps the work linear and the count close.
 */
const LONG_RUN_SLICE_CHARS = 64;
// Runs the pre-tokenizer keeps whole: letters, punctuation, whitespace (digits come in threes).
const LONG_RUN = /[\p{L}\p{M}]{64,}|[^\s\p{L}\p{N}]{64,}|\s{64,}/gu;
/** Beyond this many characters the rest is estimated at the rate counted on the prefix. */
export const MAX_EXACTLY_COUNTED_CHARS = 1_000_000;

function countPlainTokens(text: string): number {
  let total = 0;
  let from = 0;
  for (const match of text.matchAll(LONG_RUN)) {
    if (match.index > from) total += countTokens(text.slice(from, match.index), PLAIN_TEXT);
    for (let at = 0; at < match[0].length; at += LONG_RUN_SLICE_CHARS) {
      total += countTokens(match[0].slice(at, at + LONG_RUN_SLICE_CHARS), PLAIN_TEXT);
    }
    from = match.index + match[0].length;
  }
  if (from < text.length) total += countTokens(text.slice(from), PLAIN_TEXT);
  return total;
}

function countBoundedTokens(text: string): number {
  if (text.length <= MAX_EXACTLY_COUNTED_CHARS) return countPlainTokens(text);
  const prefixTokens = countPlainTokens(text.slice(0, MAX_EXACTLY_COUNTED_CHARS));
  return Math.ceil((prefixTokens * text.length) / MAX_EXACTLY_COUNTED_CHARS);
}

/** o200k tokens in `text`, memoized; linear in its length (see `LONG_RUN_SLICE_CHARS`). */
export function countTextTokens(text: string): number {
  if (text.length === 0) return 0;
  const known = memoizedCounts.get(text);
  if (known !== undefined) return known;
  const count = countBoundedTokens(text);
  if (memoizedCounts.size >= MAX_MEMOIZED_COUNTS) memoizedCounts.clear();
  memoizedCounts.set(text, count);
  return count;
}

/** o200k token ids of `text`, for streaming it token by token (the simulator's own short replies). */
export function encodeText(text: string): number[] {
  return encode(text, PLAIN_TEXT);
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
