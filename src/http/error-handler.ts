import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error.ts';
import { toClientError, upstreamCause } from '../errors/to-client-error.ts';
import type { AppEnv } from './app-env.ts';

/**
 * The one place errors become OpenAI's envelope `{error:{message,type,param,code}}`, with the
 * headers the SDKs read (`Retry-After`, `x-should-retry`); the mapping itself is toClientError.
 */
export function errorToResponse(error: unknown, context: Context<AppEnv>, logger: Logger): Response {
  const apiError = toApiError(error);
  const requestId = context.get('requestId');
  if (apiError.status >= 500) logger.error({ err: error, requestId }, 'request failed');
  // An upstream 429 or 400 is the client's to act on, and still the operator's to see.
  else if (upstreamCause(error) !== undefined) logger.warn({ err: error, requestId, status: apiError.status }, 'upstream refused the request');
  for (const [name, value] of Object.entries(apiError.headers())) context.header(name, value);
  return context.json(apiError.toEnvelope(), apiError.status as 400);
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof HTTPException) {
    if (error.status === 413) {
      return new ApiError(413, 'invalid_request_error', 'The request body is too large.', null, 'request_too_large');
    }
    return new ApiError(error.status, 'invalid_request_error', error.message || 'Bad request.', null, null);
  }
  return toClientError(error);
}
