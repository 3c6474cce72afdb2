import type { ApiError } from '../../errors/api-error.ts';

/** The spec's `WebSocketErrorEvent`: `status` beside the envelope, `error.code` always a string. */
export interface WebSocketErrorEvent {
  type: 'error';
  status: number;
  error: { type: string; code: string; message: string; param: string | null };
  /** Only on a failure after the response's events began: follows the last one sent. */
  sequence_number?: number;
}

/**
 * One failure of a WebSocket turn as the spec's error envelope (Open Responses 2026-04-24,
 * "WebSocket Errors"). `code` is required there, so errors without one carry their type.
 */
export function webSocketErrorEvent(error: ApiError, sequenceNumber?: number): WebSocketErrorEvent {
  const { error: fields } = error.toEnvelope();
  return {
    type: 'error',
    status: error.status,
    error: { type: fields.type, code: fields.code ?? fields.type, message: fields.message, param: fields.param },
    ...(sequenceNumber === undefined ? {} : { sequence_number: sequenceNumber }),
  };
}
