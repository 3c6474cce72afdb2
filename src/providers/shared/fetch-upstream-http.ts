import type { UpstreamAnswer, UpstreamBody, UpstreamHttp, UpstreamRequest } from './upstream-http.ts';
import { readWholeBody } from './upstream-http.ts';
import { toAbortSignal } from './attempt-signal.ts';

/**
 * A fetch function as an UpstreamHttp: for tests that script answers as `Response`s, and for a
 * fetch that adds something of its own (a proxy, a recorder). Provider calls default to the
 * undici pool (undici-upstream-http.ts), not to this.
 */
export function fetchUpstreamHttp(fetchImplementation: typeof globalThis.fetch): UpstreamHttp {
  return {
    async request(request: UpstreamRequest): Promise<UpstreamAnswer> {
      const response = await fetchImplementation(request.url, { method: request.method, headers: request.headers, body: request.body ?? null, signal: toAbortSignal(request.signal) });
      return upstreamAnswerOf(response, request.onChunk);
    },
  };
}

/** A fetch `Response` as an UpstreamAnswer; `onChunk` as in UpstreamRequest. */
export function upstreamAnswerOf(response: Response, onChunk?: () => void): UpstreamAnswer {
  return {
    status: response.status,
    header: (name) => response.headers.get(name) ?? undefined,
    body: new WebUpstreamBody(response.body, onChunk),
  };
}

class WebUpstreamBody implements UpstreamBody {
  readonly #stream: ReadableStream<Uint8Array> | null;
  readonly #onChunk: (() => void) | undefined;

  constructor(stream: ReadableStream<Uint8Array> | null, onChunk: (() => void) | undefined) {
    this.#stream = stream;
    this.#onChunk = onChunk;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.#stream === null) return;
    for await (const chunk of this.#stream.values({ preventCancel: true }) as AsyncIterable<Uint8Array>) {
      this.#onChunk?.();
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
    this.#stream?.cancel().catch(() => undefined);
  }

  async drain(limits: { readonly maxBytes: number; readonly maxMillis: number }): Promise<void> {
    if (this.#stream === null) return;
    const reader = this.#stream.getReader();
    const timer = setTimeout(() => void reader.cancel().catch(() => undefined), limits.maxMillis);
    timer.unref();
    try {
      for (let bytes = 0; bytes <= limits.maxBytes; ) {
        const { done, value } = await reader.read();
        if (done) return;
        bytes += value.byteLength;
      }
      await reader.cancel();
    } catch {
      // A body that fails while drained only costs its connection.
    } finally {
      clearTimeout(timer);
    }
  }
}
