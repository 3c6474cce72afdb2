import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ApiError } from '../errors/api-error.ts';

/**
 * Answers on a raw socket, outside the app, with OpenAI's error envelope and closes it: for
 * requests Node refuses before the app sees them and for refused WebSocket upgrades (the `ws`
 * client exposes the answer through `unexpected-response`), so every 4xx parses the same way.
 */
export function writeRawHttpError(socket: Duplex, error: ApiError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify(error.toEnvelope());
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
    ...error.headers(),
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  socket.end(`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}\r\n${lines.join('\r\n')}\r\n\r\n${body}`);
}
