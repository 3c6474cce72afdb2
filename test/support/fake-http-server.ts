import { type IncomingHttpHeaders, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the fake received, for asserting what an adapter sent. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/v1/images/generations`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON (throws when it is not JSON). */
  json(): unknown;
  /** The body as text. */
  text(): string;
}

/** What the fake answers. `chunks` are written one by one (an SSE stream split anywhere). */
export type FakeReply =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; body: string | Buffer }
  | { status?: number; headers?: Record<string, string>; chunks: Array<string | Buffer>; /** End without finishing (truncated stream). */ destroyAfter?: boolean }
  | { reset: true }
  | { hang: true };

export type FakeHandler = (request: RecordedRequest, index: number) => FakeReply | Promise<FakeReply>;

export interface FakeHttpServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  requests: RecordedRequest[];
  /** TCP connections accepted so far: with a kept-alive pool, sequential requests share one. */
  readonly connections: number;
  /** TCP connections open now. */
  readonly openConnections: number;
  close(): Promise<void>;
}

/**
 * A local fake of a provider's HTTP API on 127.0.0.1 that replays recorded wire payloads and
 * records every request. Faults are first-class: resets, hangs, truncated streams.
 */
export async function startFakeHttpServer(handler: FakeHandler): Promise<FakeHttpServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((incoming, response) => {
    const parts: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => parts.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(parts);
      const recorded: RecordedRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers: incoming.headers,
        body,
        json: () => JSON.parse(body.toString('utf8')) as unknown,
        text: () => body.toString('utf8'),
      };
      const index = requests.push(recorded) - 1;
      void Promise.resolve(handler(recorded, index)).then(async (reply) => {
        if ('reset' in reply) return incoming.socket.destroy();
        if ('hang' in reply) return;
        const status = reply.status ?? 200;
        if ('json' in reply) {
          response.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
          return response.end(JSON.stringify(reply.json));
        }
        if ('body' in reply) {
          response.writeHead(status, reply.headers);
          return response.end(reply.body);
        }
        response.writeHead(status, { 'content-type': 'text/event-stream', ...reply.headers });
        for (const chunk of reply.chunks) {
          response.write(chunk);
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (reply.destroyAfter) return incoming.socket.destroy();
        response.end();
      });
    });
  });
  let connections = 0;
  let openConnections = 0;
  server.on('connection', (socket) => {
    connections += 1;
    openConnections += 1;
    socket.on('close', () => (openConnections -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    get connections() {
      return connections;
    },
    get openConnections() {
      return openConnections;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Splits an SSE payload into chunks of `size` bytes, so events cross chunk borders. */
export function splitIntoChunks(payload: string, size: number): string[] {
  const chunks: string[] = [];
  for (let offset = 0; offset < payload.length; offset += size) chunks.push(payload.slice(offset, offset + size));
  return chunks;
}
