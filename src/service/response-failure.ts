import type { ApiError } from '../errors/api-error.ts';
import { ImageGenerationError } from '../providers/spec/image-generation-error.ts';
import { imageToolScope, languageModelScope, toClientError, upstreamCause } from '../errors/to-client-error.ts';
import type { ResponseObject } from '../responses/wire/response-object.ts';
import type { PreparedResponse } from './prepare-response.ts';

/** Why a response failed, as the client is told. */
export interface ResponseClientFailure {
  /** The HTTP error a JSON answer becomes when {@link answerAsHttpError} says so. */
  readonly apiError: ApiError;
  /** `Response.error`: the same code and message, on the stored copy and `response.failed`. */
  readonly responseError: { code: string; message: string };
  /**
   * True when an upstream error failed the response before anything billable reached the
   * client (no completed image, no function call): answering the error itself (429 with
   * Retry-After, 503, 400 naming the field) lets the SDK retry or point at the field. A
   * moderation refusal is a verdict on the content, not a fault to retry: it stays a failed response.
   */
  answerAsHttpError(response: ResponseObject): boolean;
}

/** Maps a failure of the loop (thrown by a model step, or an image call's) through toClientError. */
export function responseFailureToClient(prepared: PreparedResponse, failure: unknown): ResponseClientFailure | undefined {
  if (failure === undefined) return undefined;
  const isImageCall = failure instanceof ImageGenerationError;
  const toolIndex = (prepared.request.tools ?? []).findIndex((tool) => tool.type === 'image_generation');
  const apiError = toClientError(failure, isImageCall && toolIndex >= 0 ? imageToolScope(toolIndex) : languageModelScope);
  const upstream = upstreamCause(failure) !== undefined && !(isImageCall && failure.code === 'moderation_blocked');
  return {
    apiError,
    responseError: responseErrorOf(apiError),
    answerAsHttpError: (response) => upstream && response.status === 'failed' && !response.output.some(isBillableDelivery),
  };
}

/** `Response.error` (and a `response.failed` event's) for a client error: its code and message. */
export function responseErrorOf(apiError: ApiError): { code: string; message: string } {
  return { code: apiError.code ?? 'server_error', message: apiError.message };
}

function isBillableDelivery(item: ResponseObject['output'][number]): boolean {
  return (item.type === 'image_generation_call' && item.status === 'completed') || item.type === 'function_call';
}
