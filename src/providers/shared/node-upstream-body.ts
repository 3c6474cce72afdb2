import type { Readable } from 'node:stream';
import type { UpstreamBody } from './upstream-http.ts';

/**
 * An undici answer body (a Node Readable) as an UpstreamBody: no WHATWG stream and no per-chunk
 * transform; `onChunk` is one call per chunk read.
 */
export class NodeUpstreamBody implements UpstreamBody {
  readonly #readable: Readable;
  readonly #onChunk: (() => void) | undefined;

  constructor(readable: Readable, onChunk: (() => void) | undefined) {
    this.#readable = readable;
    this.#onChunk = onChunk;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    const onChunk = this.#onChunk;
    // Leaving early keeps the stream: the reader cancels or drains it (UpstreamBody's contract).
    for await (const chunk of this.#readable.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      onChunk?.();
      yield chunk;
    }
  }

  textIfHere(): string | undefined {
    const readable = this.#readable;
    const whole = readable.destroyed || readable.readableEnded ? undefined : takeIfAllHere(readable);
    if (whole === undefined) return undefined;
    this.#onChunk?.();
    return whole.toString('utf8');
  }

  bytes(): Promise<Uint8Array> {
    return readAll(this.#readable, this.#onChunk, false);
  }

  text(): Promise<string> {
    return readAll(this.#readable, this.#onChunk, true);
  }

  cancel(): void {
    // Destroying before the end aborts the request: undici closes its connection. The abort
    // error it is destroyed with has no reader left to take it.
    if (!this.#readable.destroyed) this.#readable.on('error', ignore).destroy();
  }

  drain(limits: { readonly maxBytes: number; readonly maxMillis: number }): Promise<void> {
    const readable = this.#readable;
    if (readable.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      let bytes = 0;
      const timer = setTimeout(() => readable.destroy(), limits.maxMillis);
      timer.unref();
      readable.on('error', ignore);
      readable.on('close', () => {
        clearTimeout(timer);
        resolve();
      });
      readable.on('data', (chunk: Buffer) => {
        bytes += chunk.byteLength;
        if (bytes > limits.maxBytes) readable.destroy();
      });
      readable.resume();
    });
  }
}

/**
 * The whole body, read by its events (one promise, no async iterator and no promise per chunk):
 * one chunk is answered as it came, more joined once. It fails as iterating it would: with the
 * error it was destroyed with (an abort's reason, the idle watch's timeout), or a premature close.
 */
function readAll(readable: Readable, onChunk: (() => void) | undefined, asText: true): Promise<string>;
function readAll(readable: Readable, onChunk: (() => void) | undefined, asText: false): Promise<Buffer>;
function readAll(readable: Readable, onChunk: (() => void) | undefined, asText: boolean): Promise<string | Buffer> {
  if (!readable.destroyed && !readable.readableEnded) {
    const whole = takeIfAllHere(readable);
    if (whole !== undefined) {
      onChunk?.();
      return Promise.resolve(asText ? whole.toString('utf8') : whole);
    }
  }
  return new Promise((resolve, reject) => {
    if (readable.destroyed || readable.readableEnded) {
      reject(readable.errored ?? prematureClose());
      return;
    }
    const chunks: Buffer[] = [];
    let settled = false;
    readable.on('data', (chunk: Buffer) => {
      onChunk?.();
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    });
    readable.on('end', () => {
      if (settled) return;
      settled = true;
      const whole = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
      resolve(asText ? whole.toString('utf8') : whole);
    });
    readable.on('error', (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    });
    readable.on('close', () => {
      if (settled) return;
      settled = true;
      reject(readable.errored ?? prematureClose());
    });
  });
}

/**
 * The whole body when all of it is buffered already (a small answer comes in the packet of its
 * headers: its end was pushed before anyone read), taken in one `read()` instead of waiting for
 * the stream to flow, emit it and end (two turns of the event loop's tick queue and four
 * listeners). Undefined when more is to come or someone reads the stream already.
 */
function takeIfAllHere(readable: Readable): Buffer | undefined {
  const state = (readable as { _readableState?: { ended?: unknown } })._readableState;
  if (state?.ended !== true || readable.readableFlowing === true || readable.readableObjectMode) return undefined;
  const chunk: unknown = readable.read();
  // An empty body: nothing buffered, the stream ends as soon as it is read.
  if (chunk === null) return Buffer.alloc(0);
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
}

function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

function ignore(): void {
  // An error of a body nobody reads any more.
}
