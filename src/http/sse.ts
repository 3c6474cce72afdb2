import type { ResponseEvent } from '../responses/wire/stream-events.ts';
import { ImageJsonWriter, type JsonPiece, encodeJsonPieces, mayHoldImage } from './image-json.ts';

/** One server-sent event in the shape OpenAI's SDKs parse: `event:` then one `data:` line. */
export function formatSseEvent(event: { type: string }): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

/**
 * Bytes the stream may hold for a client that reads slowly before `send` asks the producer to
 * wait: enough for a few image events, so a fast client never waits on it, while a slow one
 * holds the gateway to about one image, not every image of the response.
 */
export const SSE_HIGH_WATER_BYTES = 256 * 1024;

export interface SseChannel {
  stream: ReadableStream<Uint8Array>;
  send(event: ResponseEvent | { type: 'error'; [key: string]: unknown }): void;
  /**
   * A promise when the client has not yet taken what was sent (past {@link SSE_HIGH_WATER_BYTES}):
   * it resolves once it has, or has gone. Producers that can wait (an upstream image stream)
   * await it; nothing is dropped when they do not.
   */
  backlog(): Promise<void> | undefined;
  close(): void;
  /** Aborted when the client goes away: the stream is cancelled, or `requestSignal` (the socket closed). */
  signal: AbortSignal;
}

/** What of a Node response {@link sendHeadersWithFirstEvents} needs. */
export interface CorkableResponse {
  cork(): void;
  uncork(): void;
}

/**
 * Served by @hono/node-server, a stream's headers go out in a write of their own (it flushes
 * them before it reads the body), then its first events in another: one syscall and one TCP
 * segment more per stream than needed. Holding the response's writes until the events sent in
 * this turn are written (the channel writes them on the next turn) sends both as one. Released
 * one turn later whatever happens, so a stream with nothing to send yet still gets its headers.
 */
export function sendHeadersWithFirstEvents(outgoing: Partial<CorkableResponse> | undefined): void {
  // An HTTP/2 response has no cork(): its frames are not written one syscall each anyway.
  if (outgoing?.cork === undefined || outgoing.uncork === undefined) return;
  outgoing.cork();
  const uncork = outgoing.uncork.bind(outgoing);
  setImmediate(uncork);
}

/**
 * A push-based SSE body: events are enqueued as the loop emits them. `requestSignal` (the HTTP
 * request's) aborts the channel's signal too: one signal for both ways a client leaves, without
 * the cost of a third from AbortSignal.any per stream.
 */
export function createSseChannel(requestSignal?: AbortSignal): SseChannel {
  const abort = new AbortController();
  if (requestSignal?.aborted === true) abort.abort(requestSignal.reason);
  else requestSignal?.addEventListener('abort', () => abort.abort(requestSignal.reason), { once: true });
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  let waiters: Array<() => void> = [];
  const wake = () => {
    const woken = waiters;
    waiters = [];
    for (const resolve of woken) resolve();
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      start(streamController) {
        controller = streamController;
      },
      // Called once the queue drops below the high-water mark: whoever waits may go on.
      pull() {
        wake();
      },
      cancel() {
        closed = true;
        pending = [];
        abort.abort(new Error('client disconnected'));
        wake();
      },
    },
    { highWaterMark: SSE_HIGH_WATER_BYTES, size: (chunk) => chunk.byteLength },
  );
  const images = new ImageJsonWriter();
  // Events emitted in one tick go out as one chunk: one socket write instead of dozens.
  let pending: JsonPiece[] = [];
  const flush = () => {
    if (pending.length === 0 || closed) return;
    controller?.enqueue(encodeJsonPieces(pending));
    pending = [];
  };
  const full = () => !closed && (controller?.desiredSize ?? 1) <= 0;
  return {
    stream,
    signal: abort.signal,
    send(event) {
      if (closed) return;
      if (mayHoldImage(event)) {
        pending.push(...images.pieces(event, `event: ${event.type}\ndata: `, '\n\n'));
        // An image is worth a write of its own now: the next tick may bring the next image.
        flush();
      } else {
        if (pending.length === 0) setImmediate(flush);
        pending.push({ text: formatSseEvent(event), image: false });
      }
    },
    backlog() {
      if (!full()) return undefined;
      return new Promise<void>((resolve) => {
        waiters.push(resolve);
        // The reader may have taken the chunk in between; then pull() will not come again.
        if (!full()) wake();
      });
    },
    close() {
      if (closed) return;
      flush();
      closed = true;
      controller?.close();
      wake();
    },
  };
}
