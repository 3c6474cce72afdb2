import WebSocket from 'ws';

/** One server message, parsed. */
export type SocketEvent = Record<string, unknown> & { type: string };

/** What one `response.create` turn produced: its events, and how it ended. */
export interface SocketTurn {
  events: SocketEvent[];
  /** The response of `response.completed` / `.failed` / `.incomplete`, when the turn got that far. */
  response: Record<string, unknown> | undefined;
  /** The `error` event that ended the turn, if one did. */
  error: SocketEvent | undefined;
}

const TERMINAL = new Set(['response.completed', 'response.failed', 'response.incomplete']);

/**
 * A `ws` client on `/v1/responses` as a user would write one: send `response.create`
 * messages, read each turn's events up to its terminal event or error.
 */
export class ResponsesSocket {
  private readonly received: SocketEvent[] = [];
  private wake: (() => void) | undefined;
  /** Resolves with the close code and reason once the server (or we) closed the connection. */
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: WebSocket.RawData) => {
      this.received.push(JSON.parse(String(data)) as SocketEvent);
      this.wake?.();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.wake?.();
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  /** Opens `ws://…/v1/responses` with the key as a bearer token (and any other headers). */
  static async open(baseUrl: string, apiKey: string | undefined, headers: Record<string, string> = {}): Promise<ResponsesSocket> {
    const url = `${baseUrl.replace(/^http/, 'ws')}/v1/responses`;
    const socket = new WebSocket(url, { headers: { ...headers, ...(apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` }) } });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new ResponsesSocket(socket);
  }

  /** Sends one `response.create` (the create body plus its `type`). */
  create(body: Record<string, unknown>): void {
    this.socket.send(JSON.stringify({ type: 'response.create', ...body }));
  }

  /** Reads the next event, waiting for it. */
  async next(): Promise<SocketEvent> {
    while (this.received.length === 0) {
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error('connection closed');
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return this.received.shift()!;
  }

  /** Reads events up to the end of the current turn. */
  async turn(): Promise<SocketTurn> {
    const events: SocketEvent[] = [];
    for (;;) {
      const event = await this.next();
      events.push(event);
      if (TERMINAL.has(event.type)) return { events, response: event.response as Record<string, unknown>, error: undefined };
      if (event.type === 'error') return { events, response: undefined, error: event };
    }
  }

  /** Sends one request and reads its turn. */
  async run(body: Record<string, unknown>): Promise<SocketTurn> {
    this.create(body);
    return this.turn();
  }

  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await this.closed;
  }
}

/** A refused upgrade as the client sees it: the HTTP status and body. */
export async function refusedUpgrade(baseUrl: string, headers: Record<string, string>, path = '/v1/responses'): Promise<{ status: number; body: unknown }> {
  const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => reject(new Error('the upgrade was accepted')));
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as unknown }));
    });
    socket.once('error', () => undefined);
  });
}
