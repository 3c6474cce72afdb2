import type { Duplex } from 'node:stream';

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };

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
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const envelope = {
    error: {
      message:
        status === 431 ? 'The request headers are too large.' : status === 408 ? 'The request took too long to arrive.' : 'The HTTP request could not be parsed.',
      type: 'invalid_request_error',
      param: null,
      code: status === 431 ? 'request_headers_too_large' : status === 408 ? 'request_timeout' : 'invalid_http_request',
    },
  };
  const body = JSON.stringify(envelope);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
