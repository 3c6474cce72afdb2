/**
 * The HTTP client every provider call goes through (fetchWithRetry): one request, its answer's
 * status and headers, and a body read as chunks. The default is a keep-alive connection pool per
 * upstream origin (undici-upstream-http.ts); tests may wrap a fetch function instead
 * (fetch-upstream-http.ts).
 */
export interface UpstreamHttp {
  /**
   * Resolves once the answer's headers are in, whatever its status. Aborting `signal` before
   * that rejects with its reason; after it, reading the body rejects with the reason and the
   * connection is closed (the upstream stops sending).
   */
  request(request: UpstreamRequest): Promise<UpstreamAnswer>;
}

export interface UpstreamRequest {
  /** Absolute, e.g. `https://api.openai.com/v1/responses`. */
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  /** Strings and forms can be sent again, so a retried call re-sends the same body. */
  readonly body?: string | FormData | undefined;
  readonly signal: UpstreamAbortSignal;
  /** Called as each body chunk is read (fetchWithRetry's idle watch restarts its timer). */
  readonly onChunk?: (() => void) | undefined;
}

/**
 * What an UpstreamHttp watches for an abort: an AbortSignal, or anything that tells it the same
 * way (fetchWithRetry's AttemptSignal). Listeners are called once, with no argument.
 */
export interface UpstreamAbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface UpstreamAnswer {
  readonly status: number;
  /** A header by its lower-case name; repeated headers joined with `, `. */
  header(name: string): string | undefined;
  readonly body: UpstreamBody;
}

/**
 * An answer's body, read once: iterated chunk by chunk, or whole as text or bytes. Leaving an
 * iteration early does not close it: the reader then calls `cancel` (stop the upstream) or
 * `drain` (keep its connection for the next call).
 */
export interface UpstreamBody extends AsyncIterable<Uint8Array> {
  text(): Promise<string>;
  /**
   * The whole body as text when all of it is here already (taken now, as `text` would take it),
   * else undefined and nothing is read. Optional: a body that cannot tell is read by `text`.
   */
  textIfHere?(): string | undefined;
  bytes(): Promise<Uint8Array>;
  /** Stops reading and closes the connection. Harmless once the body ended. */
  cancel(): void;
  /**
   * Reads and drops what is left, at most `maxBytes` for at most `maxMillis` (then cancels), so
   * the kept-alive connection returns to its pool. Never rejects.
   */
  drain(limits: { readonly maxBytes: number; readonly maxMillis: number }): Promise<void>;
}

/** A body read whole (UpstreamBody's `bytes` and `text`): one chunk is answered as it came, more joined once. */
export async function readWholeBody(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}
