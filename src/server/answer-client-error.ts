import type { Duplex } from 'node:stream';
import { ApiError } from '../errors/api-error.ts';
import { writeRawHttpError } from '../http/write-raw-http-error.ts';

/**
 * Node's HTTP parser refuses some requests before the app sees them (headers over 16 KB,
 * malformed request lines) and by default answers with an empty body. This answers them with
 * OpenAI's error envelope instead, so every 4xx a client gets can be parsed the same way.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    writeRawHttpError(socket, new ApiError(431, 'invalid_request_error', 'The request headers are too large.', null, 'request_headers_too_large'));
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    writeRawHttpError(socket, new ApiError(408, 'invalid_request_error', 'The request took too long to arrive.', null, 'request_timeout'));
  } else {
    writeRawHttpError(socket, new ApiError(400, 'invalid_request_error', 'The HTTP request could not be parsed.', null, 'invalid_http_request'));
  }
}
