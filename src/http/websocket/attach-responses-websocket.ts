import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { ApiError } from '../../errors/api-error.ts';
import type { Services } from '../../service/services.ts';
import { toApiError } from '../error-handler.ts';
import { createAuthenticator } from '../middleware/authenticate.ts';
import { writeRawHttpError } from '../write-raw-http-error.ts';
import { ResponsesSession, type ScheduleAfter } from './responses-session.ts';

/** The server's side of the upgrade event (Node's http.Server and what @hono/node-server returns). */
export interface UpgradeSource {
  on(event: 'upgrade', listener: (request: IncomingMessage, socket: Duplex, head: Buffer) => void): unknown;
}

/** Open WebSocket connections, for shutdown. */
export interface ResponsesWebSockets {
  /** Refuses new upgrades; each connection finishes its turn in flight, then closes (1001). */
  drain(): void;
  /** Cuts every connection now (their turns are aborted and release what they hold). */
  terminate(): void;
  /** Connections open now. */
  readonly open: number;
}

const PATH = '/v1/responses';

/** Real timers, unref'd: a connection's limit alone never keeps the process alive. */
export const scheduleWithTimers: ScheduleAfter = (delayMillis, callback) => {
  const timer = setTimeout(callback, delayMillis);
  timer.unref();
  return () => clearTimeout(timer);
};

/**
 * WebSocket mode on `/v1/responses`, on the same server and path as HTTP: the upgrade is
 * authenticated by the same lookup as every HTTP request (a bad key is refused with the HTTP
 * 401 envelope), then each connection is one ResponsesSession.
 */
export function attachResponsesWebSocket(server: UpgradeSource, services: Services, scheduleAfter: ScheduleAfter = scheduleWithTimers): ResponsesWebSockets {
  const { config, telemetry } = services;
  // Messages are bounded like HTTP bodies (ws closes the connection with 1009 past it).
  const sockets = new WebSocketServer({ noServer: true, maxPayload: config.maxBodyBytes });
  const principalFor = createAuthenticator(services);
  const sessions = new Map<WebSocket, ResponsesSession>();
  let accepting = true;

  const refuse = (request: IncomingMessage, socket: Duplex, error: ApiError) => {
    // The HTTP middleware never sees an upgrade: its refusals get their own access-log line.
    services.logger.info({ method: 'GET', path: request.url, status: error.status, code: error.code, upgrade: 'websocket' }, 'websocket upgrade refused');
    writeRawHttpError(socket, error);
  };

  const upgrade = async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(request.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
    if (path !== PATH) {
      refuse(request, socket, new ApiError(404, 'invalid_request_error', `Unknown request URL: GET ${path}.`, null, 'unknown_url'));
      return;
    }
    if (!accepting) {
      refuse(request, socket, new ApiError(503, 'server_error', 'The server is shutting down; try again.', null, 'server_is_overloaded'));
      return;
    }
    let principal;
    try {
      principal = await principalFor(request.headers.authorization);
    } catch (error) {
      refuse(request, socket, toApiError(error));
      return;
    }
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      const session = new ResponsesSession({
        services,
        principal,
        header: (name) => headerOf(request, name),
        socket: {
          send: (text) => webSocket.send(text),
          close: (code, reason) => webSocket.close(code, reason),
          get isOpen() {
            return webSocket.readyState === webSocket.OPEN;
          },
        },
        maxConnectionMillis: config.websocket.maxConnectionMillis,
        maxCachedResponses: config.websocket.maxCachedResponses,
        scheduleAfter,
      });
      sessions.set(webSocket, session);
      telemetry.metrics.openStreams.inc({ kind: 'websocket' });
      webSocket.on('message', (data) => session.receive(rawDataToText(data)));
      webSocket.on('error', (error) => services.logger.warn({ err: error }, 'websocket connection error'));
      webSocket.on('close', () => {
        sessions.delete(webSocket);
        telemetry.metrics.openStreams.dec({ kind: 'websocket' });
        session.closed();
      });
    });
  };

  server.on('upgrade', (request, socket, head) => {
    upgrade(request, socket, head).catch((error: unknown) => {
      services.logger.error({ err: error }, 'websocket upgrade failed');
      refuse(request, socket, toApiError(error));
    });
  });

  return {
    drain() {
      accepting = false;
      for (const session of sessions.values()) session.drain();
    },
    terminate() {
      for (const webSocket of sessions.keys()) webSocket.terminate();
      sockets.close();
    },
    get open() {
      return sessions.size;
    },
  };
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
