/**
 * An error the client caused or must see, carried to the one place that turns it into
 * OpenAI's envelope `{error:{message,type,param,code}}`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** Sent as `Retry-After` (429, 503): when the client may try again, in whole seconds. */
  readonly retryAfterSeconds: number | undefined;
  /**
   * Sent as `x-should-retry`, which OpenAI's SDKs obey before their status rules: `false` for
   * a 5xx no retry can fix (the server's upstream credentials), undefined to leave it to the status.
   */
  readonly shouldRetry: boolean | undefined;

  constructor(
    /** HTTP status to answer with. */
    readonly status: number,
    /** OpenAI error type, e.g. `invalid_request_error`. */
    readonly type: string,
    message: string,
    /** The offending request parameter in OpenAI's notation, e.g. `tools[0].size`. */
    readonly param: string | null = null,
    /** Stable machine-readable code, e.g. `unknown_parameter`. */
    readonly code: string | null = null,
    options?: { cause?: unknown; retryAfterSeconds?: number | undefined; shouldRetry?: boolean | undefined },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.shouldRetry = options?.shouldRetry;
  }

  /** The headers that go with the envelope. */
  headers(): Record<string, string> {
    return {
      ...(this.retryAfterSeconds === undefined ? {} : { 'retry-after': String(this.retryAfterSeconds) }),
      ...(this.shouldRetry === undefined ? {} : { 'x-should-retry': String(this.shouldRetry) }),
    };
  }

  toEnvelope(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

/** 400 `invalid_request_error` naming `param`. */
export function invalidRequest(message: string, param: string | null, code: string | null = null): ApiError {
  return new ApiError(400, 'invalid_request_error', message, param, code);
}

/** 404 `invalid_request_error`. */
export function notFound(message: string, param: string | null, code: string | null = null): ApiError {
  return new ApiError(404, 'invalid_request_error', message, param, code);
}
