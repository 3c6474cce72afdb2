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
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/** A push-based SSE body: events are enqueued as the loop emits them. */
export function createSseChannel(): SseChannel {
  const abort = new AbortController();
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
