import { defaultUpstreamHttp } from './undici-upstream-http.ts';
import type { UpstreamHttp } from './upstream-http.ts';

/**
 * What every provider adapter receives instead of reading `process.env`: where to send
 * requests, with which headers, and the injected HTTP client / clock / sleep.
 */
export interface ProviderSettings {
  /** e.g. `https://api.openai.com/v1`, without a trailing slash. */
  baseURL: string;
  headers: Record<string, string>;
  /**
   * Every call goes through it: by default the shared keep-alive pools (one per upstream
   * origin); tests wrap a fetch function with `fetchUpstreamHttp`.
   */
  http: UpstreamHttp;
  /**
   * The wait, in milliseconds, that a 429 body asks for when its answer has no `Retry-After`
   * header (Google's RetryInfo); undefined when the body names none.
   */
  retryAfterFromBody?: ((body: string) => number | undefined) | undefined;
  /** Per attempt, in milliseconds. */
  timeoutMillis: number;
  /** Retries after the first attempt for retryable failures. */
  maxRetries: number;
  /** Waits between retries; injected so tests need no real sleeps. */
  sleep: (millis: number, signal: AbortSignal) => Promise<void>;
  /**
   * Retries never hold the caller longer than this from the first attempt, in milliseconds:
   * a retry whose wait would end past it is not made and the error goes to the client (with
   * its Retry-After), whose SDK can wait and retry itself.
   */
  retryTotalMillis: number;
  /** Epoch milliseconds; injected with `sleep`. */
  now: () => number;
}

/** How long server-side retries may hold a client by default (issue 10: 20 s). */
export const DEFAULT_RETRY_TOTAL_MILLIS = 20_000;

export function defaultSleep(millis: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, millis);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function providerSettings(partial: Partial<ProviderSettings> & { baseURL: string }): ProviderSettings {
  return {
    headers: {},
    http: defaultUpstreamHttp,
    timeoutMillis: 120_000,
    maxRetries: 2,
    sleep: defaultSleep,
    retryTotalMillis: DEFAULT_RETRY_TOTAL_MILLIS,
    now: Date.now,
    ...partial,
    baseURL: partial.baseURL.replace(/\/+$/, ''),
  };
}
