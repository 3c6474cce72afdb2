import { Duplex } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors/api-error.ts';
import { writeRawHttpError } from './write-raw-http-error.ts';

function capturingSocket(): Duplex & { written: () => string } {
  const chunks: Buffer[] = [];
  const socket = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  return Object.assign(socket, { written: () => Buffer.concat(chunks).toString('utf8') });
}

describe('writeRawHttpError', () => {
  it('writes a complete HTTP answer: status line, length, Retry-After, the envelope', async () => {
    const socket = capturingSocket();
    writeRawHttpError(socket, new ApiError(429, 'requests', 'Slow down.', null, 'rate_limit_exceeded', { retryAfterSeconds: 7 }));
    await new Promise((resolve) => socket.once('finish', resolve));
    const body = JSON.stringify({ error: { message: 'Slow down.', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
    expect(socket.written()).toBe(
      `HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\nconnection: close\r\nretry-after: 7\r\n\r\n${body}`,
    );
  });
});
