import { createRequire } from 'node:module';
import { Socket, connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestServer, startTestServer } from './support/test-server.ts';

/** What Node's socket hands the kernel: one call is one write (or writev) syscall. */
type WriteGeneric = (this: Socket, writev: boolean, data: unknown, encoding: string, callback: unknown) => unknown;
const socketPrototype = Socket.prototype as unknown as { _writeGeneric: WriteGeneric };

function chunkText(chunk: unknown): string {
  if (typeof chunk === 'string') return chunk;
  return Buffer.isBuffer(chunk) || chunk instanceof Uint8Array ? Buffer.from(chunk).toString('latin1') : '';
}

/** The text of one write: a single chunk or the chunks of a writev. */
function writeText(writev: boolean, data: unknown): string {
  if (!writev) return chunkText(data);
  return (data as Array<{ chunk: unknown } | unknown>).map((entry) => chunkText(typeof entry === 'object' && entry !== null && 'chunk' in entry ? entry.chunk : entry)).join('');
}

/** The `fs` module object pino's destination writes through (CommonJS, so a spy on it is seen). */
const fs = createRequire(import.meta.url)('node:fs') as { writeSync: (fd: number, data: unknown, ...rest: unknown[]) => number };

/** Sends one raw HTTP/1.1 request; resolves with the whole answer once it is complete. */
function rawRequest(url: string, body: object, onLocalPort: (port: number) => void, requestId = 'raw'): Promise<string> {
  const { hostname, port } = new URL(url);
  const json = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      onLocalPort(socket.localPort ?? 0);
      socket.write(`POST /v1/responses HTTP/1.1\r\nhost: ${hostname}\r\nx-request-id: ${requestId}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    });
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (text: string) => {
      answer += text;
      const length = /content-length: (\d+)/i.exec(answer)?.[1];
      const bodyStart = answer.indexOf('\r\n\r\n') + 4;
      if (answer.endsWith('\r\n0\r\n\r\n') || (length !== undefined && bodyStart >= 4 && Buffer.byteLength(answer.slice(bodyStart), 'latin1') >= Number(length))) {
        socket.end();
        resolve(answer);
      }
    });
    socket.on('error', reject);
  });
}

describe('answers on the wire', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer({ logLevel: 'info' });
  });
  afterAll(async () => test.dispose());
  afterEach(() => vi.restoreAllMocks());

  it('sends its headers in the same write as its first events, not in a write of their own', async () => {
    let clientPort = -1;
    const writes: string[] = [];
    const original = socketPrototype._writeGeneric;
    vi.spyOn(socketPrototype, '_writeGeneric').mockImplementation(function (this: Socket, writev, data, encoding, callback) {
      // Only the server's side of this test's connection: its peer is the client's port.
      if (this.remotePort === clientPort) writes.push(writeText(writev, data));
      return original.call(this, writev, data, encoding, callback);
    });

    const answer = await rawRequest(test.server.url, { model: 'simulator-repeat', input: 'Say something about lighthouses.', stream: true, store: false }, (port) => {
      clientPort = port;
    });

    expect(answer).toContain('event: response.completed');
    expect(writes[0]).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(writes[0]).toContain('x-request-id: ');
    expect(writes[0]).toContain('event: response.created\ndata: ');
    expect(writes[0]).toContain('event: response.in_progress\ndata: ');
  });

  it('a JSON answer is written to the client before its access-log line, so the client never waits for the log', async () => {
    let clientPort = -1;
    const order: string[] = [];
    const originalWrite = socketPrototype._writeGeneric;
    vi.spyOn(socketPrototype, '_writeGeneric').mockImplementation(function (this: Socket, writev, data, encoding, callback) {
      if (this.remotePort === clientPort && writeText(writev, data).startsWith('HTTP/1.1 200')) order.push('answer');
      return originalWrite.call(this, writev, data, encoding, callback);
    });
    const originalWriteSync = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementation((fd, data, ...rest) => {
      // Log lines are counted, not printed into the test's output.
      if (typeof data === 'string' && data.includes('"msg":"request completed"')) {
        if (data.includes('"requestId":"json-order"')) order.push('access log');
        return Buffer.byteLength(data);
      }
      return originalWriteSync(fd, data, ...rest);
    });

    const answer = await rawRequest(test.server.url, { model: 'simulator-repeat', input: 'Say something about lighthouses.', store: false }, (port) => {
      clientPort = port;
    }, 'json-order');
    expect(answer).toContain('"object":"response"');
    await vi.waitFor(() => expect(order).toContain('access log'));
    expect(order).toEqual(['answer', 'access log']);
  });

  it('a JSON answer carries its headers in the order and spelling it always had, the request id and cost included', async () => {
    const answer = await rawRequest(test.server.url, { model: 'simulator-repeat', input: 'Say something about lighthouses.', store: false }, () => undefined, 'json-head');
    const [head = '', body = ''] = answer.split('\r\n\r\n');
    const cost = (JSON.parse(body) as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd;
    const lines = head.split('\r\n').filter((line) => !line.startsWith('Date: '));
    expect(lines).toEqual([
      'HTTP/1.1 200 OK',
      'content-type: application/json',
      `x-imagegate-cost-usd: ${cost.toFixed(6)}`,
      'x-request-id: json-head',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: keep-alive',
      'Keep-Alive: timeout=5',
    ]);
  });

  it('a JSON answer is written from its plain header record: no WHATWG Headers is filled for it', async () => {
    // Every route to a WHATWG Headers on the answer's side (Hono's context.header, a middleware's
    // headers.set, reading the answer's headers) fills one with `set`.
    const filled = vi.spyOn(Headers.prototype, 'set');
    const answer = await rawRequest(test.server.url, { model: 'simulator-repeat', input: 'Say something about lighthouses.', store: false }, () => undefined, 'json-headers');
    expect(answer).toContain('x-request-id: json-headers');
    expect(filled).not.toHaveBeenCalled();
  });
});
