import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import { ApiError } from '../errors/api-error.ts';

/** The one place errors become OpenAI's envelope `{error:{message,type,param,code}}`. */
export function errorToResponse(error: unknown, context: Context, logger: Logger): Response {
  const apiError = toApiError(error);
  if (apiError.status >= 500) logger.error({ err: error }, 'request failed');
  return context.json(apiError.toEnvelope(), apiError.status as 400);
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) {
      return new ApiError(413, 'invalid_request_error', 'The request body is too large.', null, 'request_too_large');
    }
    return new ApiError(error.status, 'invalid_request_error', error.message || 'Bad request.', null, null);
  }
  return new ApiError(500, 'server_error', 'The server had an error while processing your request.', null, 'server_error', { cause: error });
}
