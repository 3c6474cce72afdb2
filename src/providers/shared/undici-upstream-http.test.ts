import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postJson } from './post-json.ts';
import { postSse, streamSseAnswer } from './post-sse.ts';
import { providerSettings } from './provider-settings.ts';
import { closeUpstreamConnections, holdUpstreamConnections } from '../registry/upstream-connections.ts';
import { createUndiciUpstreamHttp, defaultUpstreamHttp } from './undici-upstream-http.ts';
import type { SseMessage } from './read-sse.ts';

interface Upstream {
  readonly baseURL: string;
  /** Sockets accepted so far. */
  readonly accepted: () => number;
  /** Sockets open now. */
  readonly open: () => number;
  /** Resolves when every socket open now has closed. */
  readonly allClosed: () => Promise<void>;
  /** The most requests in flight at once. */
  readonly peakInFlight: () => number;
  /** Resolves when the socket that carried request `index` closes. */
  readonly socketClosed: (index: number) => Promise<void>;
}

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A local upstream on 127.0.0.1 that counts its TCP connections and requests in flight. */
async function upstream(handler: (request: IncomingMessage, response: ServerResponse, index: number) => void): Promise<Upstream> {
  const sockets = new Set<Socket>();
  const requestSockets: Socket[] = [];
  let accepted = 0;
  let inFlight = 0;
  let peak = 0;
  server = createServer((request, response) => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    response.on('close', () => (inFlight -= 1));
    const index = requestSockets.push(request.socket) - 1;
    request.resume();
    request.on('end', () => handler(request, response, index));
  });
  server.on('connection', (socket: Socket) => {
    accepted += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted: () => accepted,
    open: () => sockets.size,
    allClosed: async () => {
      await Promise.all([...sockets].map((socket) => new Promise((resolve) => (socket.closed ? resolve(undefined) : socket.once('close', resolve)))));
    },
    peakInFlight: () => peak,
    socketClosed: (index) => {
      const socket = requestSockets[index];
      if (socket === undefined) return Promise.reject(new Error(`no request ${index}`));
      return socket.closed ? Promise.resolve() : new Promise((resolve) => socket.once('close', () => resolve()));
    },
  };
}

const sse = (events: string[]) => events.map((data) => `data: ${data}\n\n`).join('');
const never = new AbortController().signal;

/** Reads events until `[DONE]` (the terminal event), as the adapters' mappers do. */
async function* untilDone(messages: AsyncIterable<SseMessage>): AsyncGenerator<string> {
  for await (const message of messages) {
    if (message.data === '[DONE]') return;
    yield message.data;
  }
}

describe('the default provider HTTP client', () => {
  it('is the shared undici pool: kept-alive connections carry JSON, streamed and error answers in turn, closed on shutdown', async () => {
    const up = await upstream((request, response, index) => {
      if (request.url === '/stream') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        return response.end(sse([`{"n":${index}}`, '[DONE]']));
      }
      if (request.url === '/missing') {
        response.writeHead(404, { 'content-type': 'application/json' });
        return response.end('{"error":{"message":"no such model"}}');
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`{"n":${index}}`);
    });
    const settings = providerSettings({ baseURL: up.baseURL, maxRetries: 0 });
    expect(settings.http).toBe(defaultUpstreamHttp);
    for (let round = 0; round < 4; round += 1) {
      await expect(postJson(settings, { provider: 'fake', path: '/json', body: {}, abortSignal: never })).resolves.toEqual({ n: round * 3 });
      const answer = await postSse(settings, { provider: 'fake', path: '/stream', body: {}, abortSignal: never });
      const events: string[] = [];
      for await (const data of streamSseAnswer('fake', answer, untilDone)) events.push(data);
      expect(events).toEqual([`{"n":${round * 3 + 1}}`]);
      await expect(postJson(settings, { provider: 'fake', path: '/missing', body: {}, abortSignal: never })).rejects.toMatchObject({ status: 404, message: 'fake answered 404: no such model' });
    }
    // A connection goes back to the pool just after its answer is read; a call made at once may
    // find it still busy and open a second. Without keep-alive these 12 calls would take 12.
    const accepted = up.accepted();
    expect(accepted).toBeLessThanOrEqual(2);
    // The last server's shutdown closes the idle connections at once, rather than at the keep-alive
    // timeout; another server of the process still running keeps them.
    const [first, second] = [holdUpstreamConnections(), holdUpstreamConnections()];
    await first();
    expect(up.open()).toBe(accepted);
    const closed = up.allClosed();
    await second();
    await closed;
    expect(up.open()).toBe(0);
    // A call after the close opens a new pool.
    await expect(postJson(settings, { provider: 'fake', path: '/json', body: {}, abortSignal: never })).resolves.toEqual({ n: 12 });
    expect(up.accepted()).toBe(accepted + 1);
    await closeUpstreamConnections();
  });

  it('opens at most connectionsPerOrigin connections; calls beyond them wait for one and all complete', async () => {
    // Calls are answered two at a time, once two are in flight: with more connections more would come in at once.
    const waiting: Array<() => void> = [];
    const up = await upstream((_request, response, index) => {
      waiting.push(() => response.end(`{"n":${index}}`));
      if (waiting.length === 2) for (const answer of waiting.splice(0)) answer();
    });
    const http = createUndiciUpstreamHttp({ connectionsPerOrigin: 2 });
    const settings = providerSettings({ baseURL: up.baseURL, http, maxRetries: 0 });
    const answers = await Promise.all(Array.from({ length: 8 }, () => postJson(settings, { provider: 'fake', path: '/json', body: {}, abortSignal: never })));
    expect(answers.map((answer) => (answer as { n: number }).n).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(up.accepted()).toBe(2);
    expect(up.peakInFlight()).toBe(2);
    await http.close();
  });

  it('aborting mid-body rejects the read with the reason and closes the upstream connection; the next call gets a new one', async () => {
    const up = await upstream((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (request.url === '/hang') return response.write(sse(['{"first":true}'])); // then silence, kept open
      response.end(sse(['{"ok":true}', '[DONE]']));
    });
    const http = createUndiciUpstreamHttp();
    const settings = providerSettings({ baseURL: up.baseURL, http, maxRetries: 0 });
    const controller = new AbortController();
    const answer = await postSse(settings, { provider: 'fake', path: '/hang', body: {}, abortSignal: controller.signal });
    const iterator = streamSseAnswer('fake', answer, untilDone)[Symbol.asyncIterator]();
    await expect(iterator.next()).resolves.toEqual({ done: false, value: '{"first":true}' });
    const pending = iterator.next();
    const reason = new Error('client went away');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
    await up.socketClosed(0);
    const next = await postSse(settings, { provider: 'fake', path: '/ok', body: {}, abortSignal: never });
    const events: string[] = [];
    for await (const data of streamSseAnswer('fake', next, untilDone)) events.push(data);
    expect(events).toEqual(['{"ok":true}']);
    expect(up.accepted()).toBe(2);
    await http.close();
  });

  it('cuts a body that goes silent after the headers with a timeout, closing its connection', async () => {
    const up = await upstream((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(sse(['{"first":true}'])); // then silence
    });
    const http = createUndiciUpstreamHttp();
    const settings = providerSettings({ baseURL: up.baseURL, http, maxRetries: 0, timeoutMillis: 100 });
    const answer = await postSse(settings, { provider: 'fake', path: '/stall', body: {}, abortSignal: never });
    const iterator = streamSseAnswer('fake', answer, untilDone)[Symbol.asyncIterator]();
    await expect(iterator.next()).resolves.toEqual({ done: false, value: '{"first":true}' });
    await expect(iterator.next()).rejects.toMatchObject({ kind: 'timeout', isRetryable: true });
    await up.socketClosed(0);
    await http.close();
  });

  it('retries a call whose connection was reset, on a new connection, with the same body', async () => {
    const bodies: string[] = [];
    const up = await upstream((request, response, index) => {
      if (index === 0) return request.socket.destroy();
      response.end('{"ok":true}');
    });
    server?.prependListener('request', (request: IncomingMessage) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => bodies.push(text));
    });
    const sleeps: number[] = [];
    const http = createUndiciUpstreamHttp();
    const settings = providerSettings({ baseURL: up.baseURL, http, maxRetries: 1, sleep: async (millis) => void sleeps.push(millis) });
    await expect(postJson(settings, { provider: 'fake', path: '/json', body: { prompt: 'a lighthouse' }, abortSignal: never })).resolves.toEqual({ ok: true });
    expect(bodies).toEqual(['{"prompt":"a lighthouse"}', '{"prompt":"a lighthouse"}']);
    expect(sleeps).toEqual([500]);
    expect(up.accepted()).toBe(2);
    await http.close();
  });
});
