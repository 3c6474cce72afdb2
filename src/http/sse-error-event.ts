import type { ApiError } from '../errors/api-error.ts';

/**
 * A failure once a stream has started, as one `error` event. The envelope's fields are nested
 * under `error` (OpenAI's current shape: openai-node throws an APIError carrying its code, param
 * and type for any event whose data has `error`) and repeated at the top level (the older
 * `ResponseErrorEvent` shape clients may still read).
 */
export function sseErrorEvent(error: ApiError, sequenceNumber?: number): { type: 'error'; [key: string]: unknown } {
  const { error: fields } = error.toEnvelope();
  return {
    type: 'error',
    error: fields,
    code: fields.code,
    message: fields.message,
    param: fields.param,
    ...(sequenceNumber === undefined ? {} : { sequence_number: sequenceNumber }),
  };
}
