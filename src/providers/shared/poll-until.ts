/**
 * Asks `poll` until it yields a value, waiting `intervalMillis` between asks, for at most
 * `timeoutMillis` overall: for any queue-and-poll backend (ComfyUI today).
 */
export interface PollUntilOptions<T> {
  /** One look at the job; `undefined` means "not finished yet". */
  readonly poll: () => Promise<T | undefined>;
  readonly intervalMillis: number;
  /** Overall budget from the first ask, in milliseconds. */
  readonly timeoutMillis: number;
  readonly abortSignal: AbortSignal;
  readonly sleep: (millis: number, signal: AbortSignal) => Promise<void>;
  readonly now: () => number;
  /** The error thrown when the budget runs out before `poll` yields. */
  readonly onTimeout: (elapsedMillis: number, polls: number) => Error;
}

export async function pollUntil<T>(options: PollUntilOptions<T>): Promise<T> {
  const startedAt = options.now();
  for (let polls = 1; ; polls++) {
    options.abortSignal.throwIfAborted();
    const value = await options.poll();
    if (value !== undefined) return value;
    const elapsed = options.now() - startedAt;
    // Giving up before a wait that would overrun the budget beats sleeping past it.
    if (elapsed + options.intervalMillis > options.timeoutMillis) throw options.onTimeout(elapsed, polls);
    await options.sleep(options.intervalMillis, options.abortSignal);
  }
}
