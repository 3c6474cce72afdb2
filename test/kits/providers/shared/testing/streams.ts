/** Stream helpers for the adapters' tests (imported by `*.test.ts` only). */

/**
 * A response body that delivers `chunks`, then ends, fails with `failure` (a cut connection) or
 * stays open; `cancelled()` says whether the reader cancelled it.
 */
export function streamBody(chunks: string[], failure?: Error | 'stay-open'): ReadableStream<Uint8Array> & { cancelled: () => boolean } {
  const encoder = new TextEncoder();
  let cancelled = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      if (failure instanceof Error) controller.error(failure);
      else if (failure === undefined) controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  return Object.assign(stream, { cancelled: () => cancelled });
}

/** Everything a stream yields, in order. */
export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}
