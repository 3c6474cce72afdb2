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

/**
 * The answer's events as `map` turns them into parts; a 2xx without a body is an
 * invalid_response. However the stream ends (done, failed, or the consumer stopped reading),
 * the idle watch is released and the body cancelled, so the upstream stops generating for nobody.
 */
export async function* streamSseAnswer<Part>(
  provider: string,
  answer: SseAnswer,
  map: (messages: AsyncIterable<SseMessage>) => AsyncIterable<Part>,
): AsyncGenerator<Part, void, undefined> {
  const { response, release } = answer;
  try {
    if (response.body === null) throw invalidResponse(provider, `${provider} answered a stream request without a body`, undefined);
    yield* map(readSse(response.body));
  } finally {
    release();
    await response.body?.cancel().catch(() => undefined);
  }
}
