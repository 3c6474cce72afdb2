import { setTimeout as sleep } from 'node:timers/promises';
import { o200kEncoding } from '../../tokens/o200k-encoding.ts';
import { encodeText } from './count-tokens.ts';

export interface TextTokens {
  /** Token ids to emit, already cut to the output limit. */
  readonly tokens: ReadonlyArray<number>;
  /** The text was longer than the limit allowed. */
  readonly truncated: boolean;
}

/** Tokenizes `text` and keeps at most `maxOutputTokens` tokens (no limit when undefined). */
export function limitTextTokens(text: string, maxOutputTokens: number | undefined): TextTokens {
  const tokens = text.length === 0 ? [] : encodeText(text);
  if (maxOutputTokens === undefined || tokens.length <= maxOutputTokens) return { tokens, truncated: false };
  return { tokens: tokens.slice(0, Math.max(0, Math.floor(maxOutputTokens))), truncated: true };
}

export function throwIfAborted(abortSignal: AbortSignal): void {
  // `throwIfAborted` throws the signal's own reason, which is what callers match on.
  abortSignal.throwIfAborted();
}

async function waitBetweenTokens(delayMillis: number, abortSignal: AbortSignal): Promise<void> {
  try {
    await sleep(delayMillis, undefined, { signal: abortSignal });
  } catch (error) {
    // node:timers rejects with its own AbortError; surface the caller's reason instead.
    throwIfAborted(abortSignal);
    throw error;
  }
}

/**
 * Yields one text delta per token, so the deltas concatenate to exactly the decoded text. A token
 * holding half of a multi-byte character yields nothing; its text arrives with the next token.
 */
export async function* streamTextDeltas(
  tokens: ReadonlyArray<number>,
  tokenDelayMillis: number,
  abortSignal: AbortSignal,
): AsyncGenerator<string, void, undefined> {
  let first = true;
  for (const delta of o200kEncoding().decodeGenerator(tokens)) {
    // No timer at all when the delay is 0: the benchmark streams thousands of responses a second.
    if (!first && tokenDelayMillis > 0) await waitBetweenTokens(tokenDelayMillis, abortSignal);
    first = false;
    throwIfAborted(abortSignal);
    yield delta;
  }
}
