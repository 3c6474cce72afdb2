/** What the upstream said about its own error, read from its body or stream event. */
export interface UpstreamErrorDetails {
  /** e.g. `rate_limit_exceeded`, `insufficient_quota`, `model_not_found` (OpenAI). */
  readonly code?: string | undefined;
  /** e.g. `invalid_request_error`, `overloaded_error` (Anthropic), `UNAVAILABLE` (Google's `status`). */
  readonly type?: string | undefined;
  /** The field of the *upstream* request the error names, e.g. `size`. */
  readonly param?: string | undefined;
  /** The upstream's own message, without our prefix. */
  readonly message?: string | undefined;
}

/**
 * An upstream provider answered with an error or could not be reached. Carries what the
 * retry logic and the client-facing error mapping need.
 */
export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly provider: string;
  /** HTTP status, or undefined for network failures and timeouts. */
  readonly status: number | undefined;
  /** The response body as text (truncated to 4 KiB), when there was one. */
  readonly body: string | undefined;
  /** 408 / 409 / 429 / 5xx, connection resets and timeouts may succeed when retried. */
  readonly isRetryable: boolean;
  /** From a `Retry-After` header (or Google's RetryInfo), in milliseconds. */
  readonly retryAfterMillis: number | undefined;
  /** `timeout`, `network`, `http`, `invalid_response`, `aborted`. */
  readonly kind: 'timeout' | 'network' | 'http' | 'invalid_response' | 'aborted';
  /** The upstream's error code, type, param and message, when its body had them. */
  readonly upstream: UpstreamErrorDetails;

  constructor(options: {
    provider: string;
    message: string;
    kind: ProviderError['kind'];
    status?: number | undefined;
    body?: string | undefined;
    isRetryable?: boolean;
    retryAfterMillis?: number | undefined;
    upstream?: UpstreamErrorDetails | undefined;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.provider = options.provider;
    this.kind = options.kind;
    this.status = options.status;
    this.body = options.body?.slice(0, 4096);
    this.isRetryable = options.isRetryable ?? (options.status !== undefined && isRetryableStatus(options.status));
    this.retryAfterMillis = options.retryAfterMillis;
    this.upstream = options.upstream ?? {};
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
