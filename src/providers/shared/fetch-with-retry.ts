import { ProviderError } from '../spec/provider-error.ts';
import { AttemptSignal } from './attempt-signal.ts';
import { reportProviderRetry, traceProviderCall } from './provider-calls.ts';
import type { ProviderSettings } from './provider-settings.ts';
import { readUpstreamErrorDetails } from './upstream-error-details.ts';
import type { UpstreamAnswer } from './upstream-http.ts';

export interface ProviderRequest {
  provider: string;
  url: string;
  method: 'GET' | 'POST';
  headers: Readonly<Record<string, string>>;
  /** Sent again as it is on a retry. */
  body?: string | FormData | undefined;
  abortSignal: AbortSignal;
  /**
   * One JSON answer that arrives only once the model is done (not a stream): a timeout while
   * waiting for its headers is not retried, since the upstream may still be generating (and
   * billing) it; asking again would pay twice.
   */
  wholeAnswer?: boolean | undefined;
}

/** A 2xx answer whose body the caller reads; `release` ends the idle watch once it is done. */
export interface ProviderAnswer {
  readonly response: UpstreamAnswer;
  readonly release: () => void;
}

const MAX_BACKOFF_MILLIS = 30_000;

/**
 * One provider HTTP call with a timeout per attempt and retries for what may succeed later
 * (408 / 409 / 429 / 5xx, connection resets, timeouts), honouring `Retry-After`; other 4xx
 * are never retried. A retry whose wait would end past `retryTotalMillis` from the start is not
 * made: the error is thrown with its Retry-After for the client to honour. Aborting
 * `abortSignal` aborts the call in flight. Returns a 2xx answer
 * whose body the caller reads; `timeoutMillis` bounds the wait for headers and then each silence
 * in the body (`release` stops the watch).
 */
export async function fetchWithRetry(settings: ProviderSettings, request: ProviderRequest): Promise<ProviderAnswer> {
  const deadline = settings.now() + settings.retryTotalMillis;
  for (let attempt = 0; ; attempt++) {
    try {
      return await traceProviderCall(request.provider, request.url, request.method, attempt, () => attemptOnce(settings, request));
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

async function attemptOnce(settings: ProviderSettings, request: ProviderRequest): Promise<ProviderAnswer> {
  // One signal per attempt, fed by the caller's signal and the timer: cheaper than
  // AbortSignal.any or an AbortController (see AttemptSignal), and the listener goes with `release`.
  const signal = new AttemptSignal();
  const callerSignal = request.abortSignal;
  const onCallerAbort = () => signal.abort(callerSignal.reason);
  // Only the retry loop above reads isRetryable, and it only sees timeouts before the headers.
  const isRetryable = request.wholeAnswer !== true;
  const timer = setTimeout(() => {
    signal.abort(new ProviderError({ provider: request.provider, kind: 'timeout', message: `${request.provider} did not answer within ${settings.timeoutMillis} ms`, isRetryable }));
  }, settings.timeoutMillis);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearTimeout(timer);
    callerSignal.removeEventListener('abort', onCallerAbort);
  };
  callerSignal.addEventListener('abort', onCallerAbort, { once: true });
  if (callerSignal.aborted) onCallerAbort();
  try {
    const response = await settings.http.request({
      url: request.url,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal,
      // Once the headers are in, the timeout becomes an idle timeout: a long stream that keeps
      // sending (an image rendering for two minutes) is fine; a silent one is cut.
      onChunk: () => {
        if (!released) timer.refresh();
      },
    });
    if (response.status < 200 || response.status > 299) throw await answerError(settings, request.provider, response);
    return { response, release };
  } catch (error) {
    release();
    if (signal.aborted && !callerSignal.aborted) throw signal.reason;
    throw error;
  }
}

async function answerError(settings: ProviderSettings, provider: string, response: UpstreamAnswer): Promise<ProviderError> {
  const body = await response.body.text().catch(() => '');
  const upstream = readUpstreamErrorDetails(body);
  const retryAfter = parseRetryAfter(response.header('retry-after') ?? null);
  return new ProviderError({
    provider,
    kind: 'http',
    status: response.status,
    body,
    message: `${provider} answered ${response.status}: ${upstream.message ?? body.slice(0, 200)}`,
    retryAfterMillis: retryAfter ?? (response.status === 429 ? settings.retryAfterFromBody?.(body) : undefined),
    upstream,
  });
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
  // fetch reports resets and refused connections as TypeError('fetch failed') with a cause; undici's
  // pool as its own errors (SocketError, ECONNREFUSED).
  const message = error instanceof Error ? `${error.message}${error.cause instanceof Error ? `: ${error.cause.message}` : ''}` : String(error);
  return new ProviderError({ provider, kind: 'network', message: `${provider} could not be reached: ${message}`, isRetryable: true, cause: error });
}
