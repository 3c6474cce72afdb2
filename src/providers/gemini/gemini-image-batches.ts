/**
 * Runs `count` tasks with at most `concurrency` in flight, results in index order. The first
 * failure aborts the tasks still running (they get a signal) and starts no more; aborting the
 * caller's signal does the same and rejects with the caller's reason.
 */
export async function runBounded<T>(
  count: number,
  concurrency: number,
  abortSignal: AbortSignal,
  task: (index: number, signal: AbortSignal) => Promise<T>,
): Promise<T[]> {
  abortSignal.throwIfAborted();
  const siblings = new AbortController();
  const signal = AbortSignal.any([abortSignal, siblings.signal]);
  const results: T[] = new Array<T>(count);
  let next = 0;
  let failure: { error: unknown } | undefined;

  const worker = async () => {
    while (next < count && failure === undefined && !signal.aborted) {
      const index = next++;
      try {
        results[index] = await task(index, signal);
      } catch (error) {
        if (failure === undefined) {
          failure = { error };
          siblings.abort(error);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  abortSignal.throwIfAborted();
  if (failure !== undefined) throw failure.error;
  return results;
}
