import { readGoogleErrorEnvelope } from './gemini-image-error.ts';

/**
 * Google answers 429 RESOURCE_EXHAUSTED with the wait in the body (`google.rpc.RetryInfo`,
 * `"retryDelay": "34.4s"`) rather than a `Retry-After` header, which is all `fetchWithRetry`
 * reads. This fetch copies the delay into that header so the shared retry logic honours it.
 */
export function withGoogleRetryInfo(fetchImplementation: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetchImplementation(input, init);
    if (response.status !== 429 || response.headers.has('retry-after')) return response;
    const body = await response.text();
    const seconds = retryDelaySeconds(body);
    const headers = new Headers(response.headers);
    if (seconds !== undefined) headers.set('retry-after', String(seconds));
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** The RetryInfo delay in seconds (fractions kept: `parseRetryAfter` reads them), or undefined. */
export function retryDelaySeconds(body: string): number | undefined {
  for (const detail of readGoogleErrorEnvelope(body)?.error.details ?? []) {
    if (detail['@type'] !== 'type.googleapis.com/google.rpc.RetryInfo') continue;
    const match = typeof detail.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay) : null;
    if (match !== null) return Number(match[1]);
  }
  return undefined;
}
