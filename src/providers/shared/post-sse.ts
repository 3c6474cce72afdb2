import { fetchWithRetry } from './fetch-with-retry.ts';
import { invalidResponse } from './invalid-response.ts';
import type { ProviderSettings } from './provider-settings.ts';
import { readSse, type SseMessage } from './read-sse.ts';

/** An answer whose body is still to be read; `release` ends fetchWithRetry's idle watch. */
export interface SseAnswer {
  readonly response: Response;
  readonly release: () => void;
}

/**
 * POSTs JSON asking for an event stream, retried by the shared fetch until the answer's headers
 * arrive (like postJson). `headers` add to the settings' own.
 */
export function postSse(
  settings: ProviderSettings,
  options: { provider: string; path: string; body: unknown; abortSignal: AbortSignal; headers?: Record<string, string> },
): Promise<SseAnswer> {
  return fetchWithRetry(settings, {
    provider: options.provider,
    url: `${settings.baseURL}${options.path}`,
    init: {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...settings.headers, ...options.headers },
      body: JSON.stringify(options.body),
    },
    abortSignal: options.abortSignal,
  });
}

/** After the terminal event, how long and how much of the body's rest is read to keep its connection. */
const DRAIN_LIMIT_MILLIS = 2_000;
const DRAIN_LIMIT_BYTES = 256 * 1024;

/**
 * The answer's events as `map` turns them into parts; a 2xx without a body is an
 * invalid_response. The idle watch is released however the stream ends. When `map` finished
 * (its terminal event came), the little left of the body (the chunked-encoding end, a `[DONE]`)
 * is read in the background, so the kept-alive connection goes back to the pool: cancelling a
 * body closes its connection, and the next call would pay a new TCP (and TLS) handshake. When
 * the stream failed or the consumer stopped reading, the body is cancelled at once, so the
 * upstream stops generating for nobody.
 */
export async function* streamSseAnswer<Part>(
  provider: string,
  answer: SseAnswer,
  map: (messages: AsyncIterable<SseMessage>) => AsyncIterable<Part>,
): AsyncGenerator<Part, void, undefined> {
  const { response, release } = answer;
  let finished = false;
  try {
    if (response.body === null) throw invalidResponse(provider, `${provider} answered a stream request without a body`, undefined);
    yield* map(readSse(response.body, { keepBodyOnReturn: true }));
    finished = true;
  } finally {
    release();
    if (response.body !== null) {
      if (finished) void drainForReuse(response.body);
      else await response.body.cancel().catch(() => undefined);
    }
  }
}

async function drainForReuse(body: ReadableStream<Uint8Array>): Promise<void> {
  const reader = body.getReader();
  const timer = setTimeout(() => void reader.cancel().catch(() => undefined), DRAIN_LIMIT_MILLIS);
  timer.unref();
  try {
    for (let bytes = 0; bytes <= DRAIN_LIMIT_BYTES; ) {
      const { done, value } = await reader.read();
      if (done) return;
      bytes += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // A body that fails while drained only costs its connection.
  } finally {
    clearTimeout(timer);
  }
}
