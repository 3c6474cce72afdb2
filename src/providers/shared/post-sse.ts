import { type ProviderAnswer, fetchWithRetry } from './fetch-with-retry.ts';
import type { ProviderSettings } from './provider-settings.ts';
import { readSse, type SseMessage } from './read-sse.ts';

/** An answer whose body is still to be read; `release` ends fetchWithRetry's idle watch. */
export type SseAnswer = ProviderAnswer;

/**
 * POSTs JSON asking for an event stream (or, with `wholeAnswer`, for one JSON answer), retried by
 * the shared fetch until the answer's headers arrive (like postJson). `headers` add to the
 * settings' own. What came back is told by its content-type (see answerIsEventStream).
 */
export function postSse(
  settings: ProviderSettings,
  options: { provider: string; path: string; body: unknown; abortSignal: AbortSignal; headers?: Record<string, string>; wholeAnswer?: boolean },
): Promise<SseAnswer> {
  return fetchWithRetry(settings, {
    provider: options.provider,
    url: `${settings.baseURL}${options.path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: options.wholeAnswer === true ? 'application/json' : 'text/event-stream', ...settings.headers, ...options.headers },
    body: JSON.stringify(options.body),
    abortSignal: options.abortSignal,
    wholeAnswer: options.wholeAnswer,
  });
}

/** After the terminal event, how long and how much of the body's rest is read to keep its connection. */
export const DRAIN_LIMITS = { maxMillis: 2_000, maxBytes: 256 * 1024 };

/**
 * The answer's events as `map` turns them into parts. The idle watch is released however the
 * stream ends. When `map` finished (its terminal event came), the little left of the body (the
 * chunked-encoding end, a `[DONE]`) is read in the background, so the kept-alive connection goes
 * back to the pool: cancelling a body closes its connection, and the next call would pay a new
 * TCP (and TLS) handshake. When the stream failed or the consumer stopped reading, the body is
 * cancelled at once, so the upstream stops generating for nobody.
 */
export async function* streamSseAnswer<Part>(
  provider: string,
  answer: SseAnswer,
  map: (messages: AsyncIterable<SseMessage>) => AsyncIterable<Part>,
): AsyncGenerator<Part, void, undefined> {
  const { response, release } = answer;
  let finished = false;
  try {
    yield* map(readSse(response.body));
    finished = true;
  } finally {
    release();
    if (finished) void response.body.drain(DRAIN_LIMITS);
    else response.body.cancel();
  }
}
