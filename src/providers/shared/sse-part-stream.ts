import { DRAIN_LIMITS, type SseAnswer } from './post-sse.ts';
import { SseDecoder, type SseMessage } from './sse-decoder.ts';
import { type SseReadContext, sseReadError } from './sse-read-errors.ts';

/**
 * What a provider makes of its event stream, one event at a time and synchronously: the SSE
 * reader, the JSON parse and the event→part mapping run in one pass per upstream chunk.
 */
export interface SseEventReader<Part> {
  /** Adds the parts `message` yields to `parts`; throws (a ProviderError) to fail the stream. */
  read(message: SseMessage, parts: Part[]): void;
  /** True once the terminal event came: nothing after it is read, the body's rest is drained. */
  readonly finished: boolean;
  /** The body ended before `finished`: adds the trailing parts, or throws (the stream was cut off). */
  end(parts: Part[]): void;
}

/**
 * The answer's events as parts, read as {@link streamSseAnswer} reads them (the idle watch
 * released however the stream ends; a finished body drained in the background so its connection
 * returns to the pool; a failed or abandoned one cancelled at once), but without an async
 * generator per layer: each upstream chunk is decoded, parsed and mapped in one synchronous pass,
 * and the parts it yields are handed out from a queue.
 *
 * Once `abortSignal` is aborted, the next part is its reason. A body that fails while read is
 * said by {@link sseReadError} (`context.brokeOff`); an error `reader` throws is passed on as it is,
 * unless the caller aborted.
 */
export function streamSseParts<Part>(answer: SseAnswer, context: SseReadContext, reader: SseEventReader<Part>): AsyncIterable<Part> {
  return new SsePartStream(answer, context, reader);
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

class SsePartStream<Part> implements AsyncIterable<Part>, AsyncIterator<Part, undefined> {
  readonly #answer: SseAnswer;
  readonly #context: SseReadContext;
  readonly #reader: SseEventReader<Part>;
  readonly #decoder = new SseDecoder();
  #chunks: AsyncIterator<Uint8Array> | undefined;
  /** Parts read but not yet handed out, from `#head` on. */
  #parts: Part[] = [];
  #head = 0;
  /** `reading` until the body ended, failed or was left; then only the queue is handed out. */
  #state: 'reading' | 'ended' | 'failed' = 'reading';
  /** What failed the stream after parts it had already read: thrown once they are handed out. */
  #error: { error: unknown } | undefined;

  constructor(answer: SseAnswer, context: SseReadContext, reader: SseEventReader<Part>) {
    this.#answer = answer;
    this.#context = context;
    this.#reader = reader;
  }

  [Symbol.asyncIterator](): AsyncIterator<Part, undefined> {
    return this;
  }

  next(): Promise<IteratorResult<Part, undefined>> {
    if (this.#state === 'failed') return Promise.resolve(DONE);
    if (this.#context.abortSignal.aborted) return Promise.reject(this.#fail(this.#context.abortSignal.reason));
    if (this.#head < this.#parts.length) return Promise.resolve({ done: false, value: this.#take() });
    if (this.#error !== undefined) return Promise.reject(this.#fail(this.#error.error));
    if (this.#state === 'ended') return Promise.resolve(DONE);
    return this.#read();
  }

  /** The consumer stopped early: the upstream stops generating for nobody. */
  return(): Promise<IteratorResult<Part, undefined>> {
    if (this.#state === 'reading') this.#close(false);
    this.#state = 'failed';
    this.#parts = [];
    return Promise.resolve(DONE);
  }

  #take(): Part {
    const part = this.#parts[this.#head++] as Part;
    if (this.#head === this.#parts.length) {
      this.#parts = [];
      this.#head = 0;
    }
    return part;
  }

  async #read(): Promise<IteratorResult<Part, undefined>> {
    const reader = this.#reader;
    const parts = this.#parts;
    this.#chunks ??= this.#answer.response.body[Symbol.asyncIterator]();
    try {
      while (parts.length === 0) {
        let chunk: IteratorResult<Uint8Array>;
        try {
          chunk = await this.#chunks.next();
        } catch (error) {
          throw sseReadError(error, this.#context);
        }
        this.#context.abortSignal.throwIfAborted();
        if (chunk.done === true) {
          reader.end(parts);
          this.#close(true);
          break;
        }
        for (const message of this.#decoder.push(chunk.value)) {
          reader.read(message, parts);
          if (reader.finished) break;
        }
        if (reader.finished) this.#close(true);
        if (this.#state === 'ended') break;
      }
    } catch (error) {
      if (parts.length === 0) throw this.#fail(error);
      // The parts before the failing event still count, as they would one by one.
      this.#error = { error };
      if (this.#state === 'reading') this.#close(false);
    }
    return parts.length > 0 ? { done: false, value: this.#take() } : DONE;
  }

  /** Ends reading: a finished body's rest is drained (its connection is kept), any other is cancelled. */
  #close(finished: boolean): void {
    const { response, release } = this.#answer;
    this.#state = 'ended';
    release();
    const body = response.body;
    // The body's own iteration is left first (it lets go of the body without closing it), as a
    // for-await that stops early would; only then may the drain read the rest.
    const left = this.#chunks?.return?.(undefined);
    if (!finished) body.cancel();
    if (left === undefined) {
      if (finished) void body.drain(DRAIN_LIMITS);
      return;
    }
    left.then(
      () => (finished ? body.drain(DRAIN_LIMITS) : undefined),
      () => body.cancel(),
    ).catch(ignore);
  }

  #fail(error: unknown): unknown {
    if (this.#state === 'reading') this.#close(false);
    this.#state = 'failed';
    this.#parts = [];
    return this.#context.abortSignal.aborted ? this.#context.abortSignal.reason : error;
  }
}

function ignore(): void {
  // drain never rejects; nothing is left to tell.
}
