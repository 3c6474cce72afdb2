import { type Socket, connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from './support/test-server.ts';

/**
 * Request bodies as they come over a real socket: whole with their headers (read from Node's
 * buffer at once), in pieces, chunked. Each must read the same, and the connection must carry
 * the next request.
 */
describe('reading request bodies over a real connection', () => {
  let test: TestServer;
  let port: number;

  beforeAll(async () => {
    test = await startTestServer();
    port = Number(new URL(test.server.url).port);
  });
  afterAll(async () => {
    await test.dispose();
  });

  const note = 'café ☕ 🖼';
  const body = JSON.stringify({ model: 'simulator', input: 'hello', store: false, metadata: { note } });
  /** Answered 200 with the body's non-ASCII text intact. */
  const expectRead = (answer: { status: number; body: string }) => {
    expect(answer.status).toBe(200);
    expect((JSON.parse(answer.body) as { metadata: { note: string } }).metadata.note).toBe(note);
  };

  it('reads a body sent with its headers, and the connection carries the next request', async () => {
    const connection = await open(port);
    for (let turn = 0; turn < 3; turn++) {
      connection.write(head(Buffer.byteLength(body)) + body);
      const answer = await connection.answer();
      expectRead(answer);
    }
    connection.close();
  });

  it('reads a body that arrives after its headers, in pieces', async () => {
    const connection = await open(port);
    const bytes = Buffer.from(body);
    connection.write(head(bytes.length));
    await sleep(20);
    connection.write(bytes.subarray(0, 10));
    await sleep(20);
    connection.write(bytes.subarray(10));
    const answer = await connection.answer();
    expectRead(answer);
    connection.close();
  });

  it('reads a chunked body', async () => {
    const connection = await open(port);
    const size = Buffer.byteLength(body).toString(16);
    connection.write(`POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${size}\r\n${body}\r\n0\r\n\r\n`);
    const answer = await connection.answer();
    expectRead(answer);
    connection.close();
  });

  it('drops a leading byte order mark, as before', async () => {
    const connection = await open(port);
    const withMark = `\uFEFF${body}`;
    connection.write(head(Buffer.byteLength(withMark)) + withMark);
    const answer = await connection.answer();
    expect(answer.status).toBe(200);
    connection.close();
  });

  it('answers malformed JSON with the 400 and keeps the connection', async () => {
    const connection = await open(port);
    const broken = '{"model": ';
    connection.write(head(broken.length) + broken);
    const refused = await connection.answer();
    expect(refused.status).toBe(400);
    expect((JSON.parse(refused.body) as { error: { message: string } }).error.message).toMatch(/could not parse the JSON body/);
    connection.write(head(Buffer.byteLength(body)) + body);
    expect((await connection.answer()).status).toBe(200);
    connection.close();
  });

  it('answers an empty body with the JSON 400', async () => {
    const connection = await open(port);
    connection.write(head(0));
    const refused = await connection.answer();
    expect(refused.status).toBe(400);
    expect((JSON.parse(refused.body) as { error: { message: string } }).error.message).toMatch(/could not parse the JSON body/);
    connection.close();
  });
});

function head(length: number): string {
  return `POST /v1/responses HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
}

interface RawConnection {
  write(data: string | Buffer): void;
  /** The next answer on this connection (a Content-Length one). */
  answer(): Promise<{ status: number; body: string }>;
  close(): void;
}

async function open(port: number): Promise<RawConnection> {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  let received = Buffer.alloc(0);
  let waiting: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    waiting?.();
  });
  const takeAnswer = (): { status: number; body: string } | undefined => {
    const end = received.indexOf('\r\n\r\n');
    if (end === -1) return undefined;
    const headText = received.subarray(0, end).toString('latin1');
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(headText)?.[1] ?? Number.NaN);
    if (Number.isNaN(length) || received.length < end + 4 + length) return undefined;
    const answer = { status: Number(headText.split(' ')[1]), body: received.subarray(end + 4, end + 4 + length).toString('utf8') };
    received = received.subarray(end + 4 + length);
    return answer;
  };
  return {
    write: (data) => socket.write(data),
    async answer() {
      for (;;) {
        const answer = takeAnswer();
        if (answer) return answer;
        await new Promise<void>((resolve) => (waiting = resolve));
      }
    },
    close: () => socket.destroy(),
  };
}
