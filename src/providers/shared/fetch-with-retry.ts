import { ProviderError } from '../spec/provider-error.ts';
import { reportProviderRetry, traceProviderCall } from './provider-calls.ts';
import type { ProviderSettings } from './provider-settings.ts';
import { readUpstreamErrorDetails } from './upstream-error-details.ts';

export interface ProviderRequest {
  provider: string;
  url: string;
  init: RequestInit;
  abortSignal: AbortSignal;
}

const MAX_BACKOFF_MILLIS = 30_000;

/**
 * One provider HTTP call with a timeout per attempt and retries for what may succeed later
 * (408 / 409 / 429 / 5xx, connection resets, timeouts), honouring `Retry-After`; other 4xx
 * are never retried. A retry whose wait would end past `retryTotalMillis` from the start is not
 * made: the error is thrown with its Retry-After for the client to honour. Aborting
 * `abortSignal` aborts the call in flight. Returns a 2xx response
 * whose body the caller reads; `timeoutMillis` bounds the wait for headers and then each silence
 * in the body (`release` stops the watch).
 */
export async function fetchWithRetry(
  settings: ProviderSettings,
  request: ProviderRequest,
): Promise<{ response: Response; release: () => void }> {
  const deadline = settings.now() + settings.retryTotalMillis;
  for (let attempt = 0; ; attempt++) {
    try {
      return await traceProviderCall(request.provider, request.url, request.init.method ?? 'GET', attempt, () => attemptOnce(settings, request));
    } catch (error) {
      if (request.abortSignal.aborted) throw request.abortSignal.reason;
      const providerError = toProviderError(error, request.provider);
      if (!providerError.isRetryable || attempt >= settings.maxRetries) throw providerError;
      const wait = providerError.retryAfterMillis ?? Math.min(MAX_BACKOFF_MILLIS, 500 * 2 ** attempt);
      if (settings.now() + wait > deadline) throw providerError;
      reportProviderRetry({ provider: request.provider, code: String(providerError.status ?? providerError.kind) });
      await settings.sleep(wait, request.abortSignal);
    }
  }
}

async function attemptOnce(settings: ProviderSettings, request: ProviderRequest): Promise<{ response: Response; release: () => void }> {
  const timeout = new AbortController();
  const timedOut = () =>
    new ProviderError({ provider: request.provider, kind: 'timeout', message: `${request.provider} did not answer within ${settings.timeoutMillis} ms`, isRetryable: true });
  let timer = setTimeout(() => timeout.abort(timedOut()), settings.timeoutMillis);
  let released = false;
  const release = () => {
    released = true;
    clearTimeout(timer);
  };
  const signal = AbortSignal.any([request.abortSignal, timeout.signal]);
  try {
    const response = await settings.fetch(request.url, { ...request.init, signal });
    if (!response.ok) {
      const body = await response.text().catch(() => '');
      const upstream = readUpstreamErrorDetails(body);
      throw new ProviderError({
        provider: request.provider,
        kind: 'http',
        status: response.status,
        body,
        message: `${request.provider} answered ${response.status}: ${upstream.message ?? body.slice(0, 200)}`,
        retryAfterMillis: parseRetryAfter(response.headers.get('retry-after')),
        upstream,
      });
    }
    if (!response.body) return { response, release };
    // Once the headers are in, the timeout becomes an idle timeout: a long stream that keeps
    // sending (an image rendering for two minutes) is fine; a silent one is cut.
    const idleWatch = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        clearTimeout(timer);
        if (!released) timer = setTimeout(() => timeout.abort(timedOut()), settings.timeoutMillis);
        controller.enqueue(chunk);
      },
      flush: release,
    });
    const watched = new Response(response.body.pipeThrough(idleWatch), { status: response.status, statusText: response.statusText, headers: response.headers });
    return { response: watched, release };
  } catch (error) {
    release();
    if (timeout.signal.aborted && !request.abortSignal.aborted) throw timeout.signal.reason;
    throw error;
  }
}

/** Seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 5 * 60_000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.min(date - now, 5 * 60_000));
}

export function toProviderError(error: unknown, provider: string): ProviderError {
  if (error instanceof ProviderError) return error;
  // undici reports resets and refused connections as TypeError('fetch failed') with a cause.
  const message = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
  return new ProviderError({ provider, kind: 'network', message: `${provider} could not be reached: ${message}`, isRetryable: true, cause: error });
}
