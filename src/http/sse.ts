import type { ResponseEvent } from '../responses/wire/stream-events.ts';

const encoder = new TextEncoder();

/** One server-sent event in the shape OpenAI's SDKs parse: `event:` then one `data:` line. */
export function formatSseEvent(event: { type: string }): string {
  return `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export interface SseChannel {
  stream: ReadableStream<Uint8Array>;
  send(event: ResponseEvent | { type: 'error'; [key: string]: unknown }): void;
  close(): void;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
}

/** A push-based SSE body: events are enqueued as the loop emits them. */
export function createSseChannel(): SseChannel {
  const abort = new AbortController();
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
    },
    cancel() {
      closed = true;
      abort.abort(new Error('client disconnected'));
    },
  });
  // Events emitted in one tick go out as one chunk: one socket write instead of dozens.
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0 || closed) return;
    controller?.enqueue(encoder.encode(pending.join('')));
    pending = [];
  };
  return {
    stream,
    signal: abort.signal,
    send(event) {
      if (closed) return;
      if (pending.length === 0) setImmediate(flush);
      pending.push(formatSseEvent(event));
    },
    close() {
      if (closed) return;
      flush();
      closed = true;
      controller?.close();
    },
  };
}
