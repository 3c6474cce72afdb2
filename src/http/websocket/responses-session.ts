import { ApiError } from '../../errors/api-error.ts';
import { randomHex } from '../../ids/id-generator.ts';
import { type AnyResponse, type AnyResponseEvent, admitResponse } from '../../service/admit-response.ts';
import type { PreparedResponse } from '../../service/prepare-response.ts';
import type { Principal, Services } from '../../service/services.ts';
import { toApiError } from '../error-handler.ts';
import { enforceRequestRate } from '../middleware/authenticate.ts';
import { ConnectionResponses } from './connection-responses.ts';
import { observeWebSocketTurn } from './observe-websocket-turn.ts';
import { createBodyOf, parseMessage, previousResponseIdOf } from './read-create-message.ts';
import { webSocketErrorEvent } from './websocket-error-event.ts';

/** Runs `callback` once after `delayMillis`; returns a cancel. Injected so tests fire the 60-minute limit by hand. */
export type ScheduleAfter = (delayMillis: number, callback: () => void) => () => void;

/** What a session needs of its socket (the `ws` WebSocket, or a fake in tests). */
export interface SessionSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
  readonly isOpen: boolean;
}

export interface ResponsesSessionOptions {
  services: Services;
  /** Resolved once, at the upgrade, by the same lookup as HTTP requests. */
  principal: Principal;
  /** The upgrade request's headers (`x-imagegate-*` limits apply to every turn). */
  header: (name: string) => string | undefined;
  socket: SessionSocket;
  maxConnectionMillis: number;
  maxCachedResponses: number;
  scheduleAfter: ScheduleAfter;
}

/**
 * Messages waiting behind the turn in flight, at most (and at most `maxBodyBytes` of them):
 * a client that sends faster than turns run is told so instead of growing this queue.
 */
export const MAX_QUEUED_MESSAGES = 32;

/** Close code 1000 (normal): the limit is the server's rule, not the client's fault; the reason names it. */
const LIMIT_CLOSE_CODE = 1000;
/** Close code 1001 (going away): the server is shutting down. */
const SHUTDOWN_CLOSE_CODE = 1001;

/**
 * One WebSocket connection on `/v1/responses` (Open Responses 2026-04-24, "WebSocket
 * Transport"): `response.create` messages run one at a time, in order, each through
 * admitResponse like an HTTP request, their events sent as JSON text messages.
 */
export class ResponsesSession {
  private readonly abort = new AbortController();
  private readonly responses: ConnectionResponses;
  private readonly cancelLimit: () => void;
  /** Turns run strictly one after another: the next waits for this one to end. */
  private tail: Promise<void> = Promise.resolve();
  private ending = false;
  private queuedMessages = 0;
  private queuedBytes = 0;

  constructor(private readonly options: ResponsesSessionOptions) {
    this.responses = new ConnectionResponses(options.maxCachedResponses);
    this.cancelLimit = options.scheduleAfter(options.maxConnectionMillis, () => this.limitReached());
  }

  /** A message arrived: queued behind the turn in flight, if any. */
  receive(text: string): void {
    const bytes = Buffer.byteLength(text);
    if (this.queuedMessages >= MAX_QUEUED_MESSAGES || this.queuedBytes + bytes > this.options.services.config.maxBodyBytes) {
      this.send(
        webSocketErrorEvent(
          new ApiError(429, 'requests', `Too many response.create messages are waiting on this connection (at most ${MAX_QUEUED_MESSAGES}). Send the next when a response ends, or open another connection.`, null, 'too_many_queued_messages'),
        ),
      );
      return;
    }
    this.queuedMessages += 1;
    this.queuedBytes += bytes;
    this.enqueue(() => {
      this.queuedMessages -= 1;
      this.queuedBytes -= bytes;
      return this.turn(text);
    });
  }

  /** The socket closed: the turn in flight is aborted (its spend stops, reservations are released), the queue dropped. */
  closed(): void {
    this.ending = true;
    this.cancelLimit();
    this.abort.abort(new Error('client disconnected'));
  }

  /** Server shutdown: the turn in flight finishes, then the socket closes. */
  drain(): void {
    this.end(SHUTDOWN_CLOSE_CODE, 'server shutting down', undefined);
  }

  private limitReached(): void {
    const minutes = Math.round(this.options.maxConnectionMillis / 60_000);
    const error = new ApiError(
      400,
      'invalid_request_error',
      `WebSocket connections are limited to ${minutes} minutes. Open a new connection to continue.`,
      null,
      'websocket_connection_limit_reached',
    );
    this.end(LIMIT_CLOSE_CODE, 'websocket_connection_limit_reached', error);
  }

  /** Lets the turn in flight finish, skips the queued ones, then says why and closes. */
  private end(code: number, reason: string, error: ApiError | undefined): void {
    if (this.ending) return;
    this.ending = true;
    this.cancelLimit();
    this.tail = this.tail.then(() => {
      if (error) this.send(webSocketErrorEvent(error));
      if (this.options.socket.isOpen) this.options.socket.close(code, reason);
    });
  }

  private enqueue(work: () => Promise<void>): void {
    // A skipped message still leaves the queue: `work` does the bookkeeping, so it always runs.
    this.tail = this.tail.then(work).catch((error: unknown) => {
      this.options.services.logger.error({ err: error }, 'websocket turn failed unexpectedly');
    });
  }

  private async turn(text: string): Promise<void> {
    if (this.ending) return;
    const { services, principal, header } = this.options;
    const startedAt = services.telemetry.clock();
    const requestId = `req_${randomHex(16)}`;
    let previousResponseId: string | undefined;
    let admitted;
    try {
      const message = parseMessage(text);
      previousResponseId = previousResponseIdOf(message);
      const body = createBodyOf(message);
      await enforceRequestRate(services, principal);
      admitted = await admitResponse({ body, header, principal, abortSignal: this.abort.signal, localResponses: this.responses }, services);
    } catch (error) {
      this.failTurn(error, previousResponseId, undefined, { requestId, startedAt });
      return;
    }
    // A failure after events began follows the last one sent in sequence, as over SSE.
    let nextSequence = 0;
    const sink = (event: AnyResponseEvent) => {
      if (typeof event.sequence_number === 'number') nextSequence = event.sequence_number + 1;
      this.send(event);
    };
    try {
      const response = await admitted.run(sink, this.abort.signal);
      this.finishTurn(admitted.prepared, response, previousResponseId);
      observeWebSocketTurn(services, { requestId, startedAt, principal, status: 200, response });
    } catch (error) {
      this.failTurn(error, previousResponseId, nextSequence, { requestId, startedAt });
    }
  }

  private finishTurn(prepared: PreparedResponse, response: AnyResponse, previousResponseId: string | undefined): void {
    if (response.status === 'failed') {
      if (previousResponseId !== undefined) this.responses.evict(previousResponseId);
      return;
    }
    // Stored responses continue from storage; only store:false ones live on the connection.
    if (prepared.request.store !== false || prepared.languageModel.passthrough || typeof response.id !== 'string') return;
    this.responses.remember(response.id, {
      previousResponseId: prepared.request.previous_response_id ?? null,
      inputItems: prepared.inputItems,
      output: Array.isArray(response.output) ? response.output : [],
    });
  }

  private failTurn(error: unknown, previousResponseId: string | undefined, sequenceNumber: number | undefined, turn: { requestId: string; startedAt: number }): void {
    const { services, principal } = this.options;
    // The spec: a continuation that fails with a 4xx or 5xx evicts what it referred to.
    if (previousResponseId !== undefined) this.responses.evict(previousResponseId);
    const apiError = toApiError(error);
    if (apiError.status >= 500) services.logger.error({ err: error, requestId: turn.requestId }, 'websocket response failed');
    this.send(webSocketErrorEvent(apiError, sequenceNumber));
    observeWebSocketTurn(services, { ...turn, principal, status: apiError.status, response: undefined });
  }

  private send(event: object): void {
    if (this.options.socket.isOpen) this.options.socket.send(JSON.stringify(event));
  }
}
