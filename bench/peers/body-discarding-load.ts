// A load client for multi-megabyte answers: autocannon keeps every body as a string, which for
// 1,000 streamed image responses (~6 MB each) would exhaust this process. Here each body is only
// counted and its last bytes kept, to check that it ended as it should.
import { Agent, request } from 'node:http';

export interface DiscardingLoadOptions {
  url: string;
  path: string;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
  /** Requests in flight at once. */
  concurrency: number;
  /** Stop starting requests after this long… */
  durationSeconds?: number;
  /** …or after this many have been started. */
  amount?: number;
  /** Each request is abandoned (and counted as an error) after this long. */
  timeoutSeconds: number;
  /** Strings every 2xx body must contain (searched across chunk borders; the body itself is not kept). */
  markers: ReadonlyArray<string>;
}

export interface DiscardingLoadResult {
  ok: number;
  failed: number;
  /** Status (or error message) → count, for failures. */
  failures: Record<string, number>;
  meanMillis: number;
  okPerSecond: number;
  durationSeconds: number;
  bytes: number;
}

/** Finds fixed strings in a body read chunk by chunk, keeping only enough text to span a border. */
export class MarkerSearch {
  private readonly missing: Set<string>;
  private carry = '';
  private readonly overlap: number;

  constructor(markers: ReadonlyArray<string>) {
    this.missing = new Set(markers);
    this.overlap = Math.max(0, ...markers.map((marker) => marker.length - 1));
  }

  push(chunk: string): void {
    if (this.missing.size === 0) return;
    const text = this.carry + chunk;
    for (const marker of this.missing) if (text.includes(marker)) this.missing.delete(marker);
    this.carry = text.slice(-this.overlap);
  }

  /** Markers not seen yet. */
  get notFound(): string[] {
    return [...this.missing];
  }
}

export async function runDiscardingLoad(options: DiscardingLoadOptions): Promise<DiscardingLoadResult> {
  const target = new URL(options.path, options.url);
  if (target.hostname !== '127.0.0.1') throw new Error(`refusing to send load to ${target.hostname}; 127.0.0.1 only`);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const payload = JSON.stringify(options.body);
  const startedAt = performance.now();
  const stopAt = options.durationSeconds !== undefined ? startedAt + options.durationSeconds * 1000 : Number.POSITIVE_INFINITY;
  const limit = options.amount ?? Number.POSITIVE_INFINITY;
  let started = 0;
  let ok = 0;
  let bytes = 0;
  let latencySum = 0;
  let lastDoneAt = startedAt;
  const failures: Record<string, number> = {};
  const fail = (kind: string): void => {
    failures[kind] = (failures[kind] ?? 0) + 1;
  };

  const once = (): Promise<void> =>
    new Promise((resolveOne) => {
      const sentAt = performance.now();
      let head = '';
      const search = new MarkerSearch(options.markers);
      let finished = false;
      // A timeout destroys the request, and the response then errors too: count each request once.
      const finish = (failure: string | undefined): void => {
        if (finished) return;
        finished = true;
        lastDoneAt = performance.now();
        if (failure === undefined) {
          ok += 1;
          latencySum += lastDoneAt - sentAt;
        } else fail(failure);
        resolveOne();
      };
      const outgoing = request(
        target,
        { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...options.headers }, timeout: options.timeoutSeconds * 1000 },
        (response) => {
          response.setEncoding('latin1');
          response.on('data', (chunk: string) => {
            bytes += chunk.length;
            if (head.length < 200) head += chunk.slice(0, 200);
            search.push(chunk);
          });
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status < 200 || status >= 300) finish(`HTTP ${status}: ${head.slice(0, 120)}`);
            else finish(search.notFound.length === 0 ? undefined : `body lacks ${search.notFound.join(', ')}`);
          });
          response.on('error', (error) => finish(error.message));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
      outgoing.on('error', (error) => finish(error.message));
      outgoing.end(payload);
    });

  const worker = async (): Promise<void> => {
    while (started < limit && performance.now() < stopAt) {
      started += 1;
      await once();
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    agent.destroy();
  }
  const durationSeconds = (lastDoneAt - startedAt) / 1000;
  const failed = Object.values(failures).reduce((sum, count) => sum + count, 0);
  return { ok, failed, failures, meanMillis: ok > 0 ? latencySum / ok : Number.NaN, okPerSecond: durationSeconds > 0 ? ok / durationSeconds : 0, durationSeconds, bytes };
}
