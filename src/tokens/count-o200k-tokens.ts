import { o200kEncoding } from './o200k-encoding.ts';

// Text is user data: "<|endoftext|>" in it is ordinary text, not a reason to throw.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

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
  const { countTokens } = o200kEncoding();
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

/** o200k tokens in `text`, exact up to long runs, in time linear in its length. */
export function countO200kTokens(text: string): number {
  if (text.length <= MAX_EXACTLY_COUNTED_CHARS) return countPlainTokens(text);
  const prefixTokens = countPlainTokens(text.slice(0, MAX_EXACTLY_COUNTED_CHARS));
  return Math.ceil((prefixTokens * text.length) / MAX_EXACTLY_COUNTED_CHARS);
}

