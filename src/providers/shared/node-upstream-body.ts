import type { Readable } from 'node:stream';
import type { UpstreamBody } from './upstream-http.ts';
import { readWholeBody } from './upstream-http.ts';

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

  bytes(): Promise<Uint8Array> {
    return readWholeBody(this);
  }

  async text(): Promise<string> {
    return (await readWholeBody(this)).toString('utf8');
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

function ignore(): void {
  // An error of a body nobody reads any more.
}
