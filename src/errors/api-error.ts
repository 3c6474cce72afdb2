/**
 * An error the client caused or must see, carried to the one place that turns it into
 * OpenAI's envelope `{error:{message,type,param,code}}`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

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
    options?: { cause?: unknown },
  ) {
    super(message, options);
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
