import { ApiError, invalidRequest } from '../../errors/api-error.ts';

/** HTTP-only fields the spec forbids in a WebSocket `response.create` (WebSocketResponseCreateEvent). */
const HTTP_ONLY_FIELDS = ['stream', 'stream_options', 'background'] as const;

/** One client message as JSON; anything else is a 400. */
export function parseMessage(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ApiError(400, 'invalid_request_error', 'We could not parse the JSON of your WebSocket message.', null, 'invalid_json', { cause });
  }
}

/** The continuation a message asks for, read before anything can fail (a failed continuation evicts it). */
export function previousResponseIdOf(message: unknown): string | undefined {
  const id = isObject(message) ? message.previous_response_id : undefined;
  return typeof id === 'string' ? id : undefined;
}

/**
 * A `response.create` message is the ordinary create-response body plus `type`; the body is
 * handed on without it. HTTP-only fields are refused as the spec says.
 */
export function createBodyOf(message: unknown): Record<string, unknown> {
  if (!isObject(message)) throw invalidRequest('A WebSocket message must be a JSON object.', null, 'invalid_type');
  const { type, ...body } = message;
  if (type !== 'response.create') {
    throw invalidRequest(`Unsupported WebSocket event type: ${JSON.stringify(type ?? null)}. Send 'response.create'.`, 'type', 'invalid_value');
  }
  for (const field of HTTP_ONLY_FIELDS) {
    if (field in body) throw invalidRequest(`'${field}' is an HTTP field and cannot be sent in a WebSocket response.create message.`, field, 'unsupported_parameter');
  }
  return body;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
