import { ProviderError, isRetryableStatus } from '../shared/provider-error.ts';
import { geminiErrorSchema } from './gemini-generate-content-wire.ts';

export interface GeminiErrorDetails {
  /** The HTTP status the error model names, e.g. 429. */
  readonly code: number | undefined;
  /** e.g. `RESOURCE_EXHAUSTED`, `INVALID_ARGUMENT`. */
  readonly status: string | undefined;
  readonly message: string | undefined;
  /** From a `google.rpc.RetryInfo` detail, in seconds. */
  readonly retryDelaySeconds: number | undefined;
}

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';

/** Reads `{error:{code, message, status, details}}`; undefined for anything else. */
export function parseGeminiError(text: string | undefined): GeminiErrorDetails | undefined {
  if (text === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = geminiErrorSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { code, status, message, details } = parsed.data.error;
  let retryDelaySeconds: number | undefined;
  for (const detail of details ?? []) {
    // A protobuf Duration in JSON: seconds with an `s`, e.g. "34.4s".
    const match = detail['@type'] === RETRY_INFO && typeof detail.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay) : null;
    if (match) retryDelaySeconds = Number(match[1]);
  }
  return { code: code ?? undefined, status: status ?? undefined, message: message ?? undefined, retryDelaySeconds };
}

/**
 * Gemini tells how long to wait after a 429 in the body (RetryInfo `retryDelay`), not in a
 * `Retry-After` header, which is all `fetchWithRetry` reads. This fetch copies the delay into
 * that header, so the shared retry logic waits as long as asked instead of backing off 0.5 s.
 */
export function withGeminiRetryInfo(fetchImplementation: typeof globalThis.fetch): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await fetchImplementation(input, init);
    if (response.status !== 429 || response.headers.has('retry-after')) return response;
    const body = await response.text();
    const headers = new Headers(response.headers);
    const seconds = parseGeminiError(body)?.retryDelaySeconds;
    if (seconds !== undefined) headers.set('retry-after', String(seconds));
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}

/** An `{error:…}` chunk inside a 200 stream; its `code` is the HTTP status it stands for. */
export function geminiStreamError(provider: string, data: string): ProviderError {
  const details = parseGeminiError(data);
  const status = details?.code;
  return new ProviderError({
    provider,
    kind: 'http',
    status,
    body: data,
    message: `${provider} reported an error mid-stream: ${details?.status ?? 'error'}: ${details?.message ?? 'no message'}`,
    isRetryable: status !== undefined && isRetryableStatus(status),
  });
}
