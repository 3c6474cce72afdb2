import type { UpstreamAbortSignal } from './upstream-http.ts';

/**
 * What aborts one provider attempt (the caller's signal or the attempt's timer), handed to the
 * HTTP client in place of an AbortController's signal: undici takes any object with
 * `addEventListener` (`util.addAbortListener`). A Node AbortSignal and its first listener cost
 * a few µs per call (an EventTarget with its listener map); this is a field and a short list.
 */
export class AttemptSignal implements UpstreamAbortSignal {
  #aborted = false;
  #reason: unknown = undefined;
  #listeners: Array<() => void> = [];

  get aborted(): boolean {
    return this.#aborted;
  }

  get reason(): unknown {
    return this.#reason;
  }

  addEventListener(_type: 'abort', listener: () => void): void {
    if (this.#aborted) return;
    this.#listeners.push(listener);
  }

  removeEventListener(_type: 'abort', listener: () => void): void {
    const index = this.#listeners.indexOf(listener);
    if (index !== -1) this.#listeners.splice(index, 1);
  }

  /** Aborts once: the first reason stands, each listener is called once. */
  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }
}

/** An AbortSignal that follows `signal`, for clients that take only a real one (fetch). */
export function toAbortSignal(signal: UpstreamAbortSignal): AbortSignal {
  if (signal instanceof AbortSignal) return signal;
  const controller = new AbortController();
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  return controller.signal;
}
