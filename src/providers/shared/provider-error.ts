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
  /** From a `Retry-After` header, in milliseconds. */
  readonly retryAfterMillis: number | undefined;
  /** `timeout`, `network`, `http`, `invalid_response`, `aborted`. */
  readonly kind: 'timeout' | 'network' | 'http' | 'invalid_response' | 'aborted';

  constructor(options: {
    provider: string;
    message: string;
    kind: ProviderError['kind'];
    status?: number | undefined;
    body?: string | undefined;
    isRetryable?: boolean;
    retryAfterMillis?: number | undefined;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.provider = options.provider;
    this.kind = options.kind;
    this.status = options.status;
    this.body = options.body?.slice(0, 4096);
    this.isRetryable = options.isRetryable ?? (options.status !== undefined && isRetryableStatus(options.status));
    this.retryAfterMillis = options.retryAfterMillis;
  }
}

export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}
