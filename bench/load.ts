// One autocannon run against 127.0.0.1, with latencies recorded at sub-millisecond precision.
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  /** Path under `url`; `/v1/responses` when absent. */
  path?: string;
  /** Sent with every request, after `content-type: application/json`. */
  headers?: Record<string, string>;
  body: Record<string, unknown>;
  connections: number;
  /** Seconds to run; ignored when `amount` is set. */
  durationSeconds?: number;
  /** Requests to send in total (autocannon `amount`). */
  amount?: number;
  /** Stop an `amount` run that is still going after this many seconds. */
  maxSeconds?: number;
  /** Per-request timeout, seconds. */
  timeoutSeconds: number;
  verifyBody?: (body: string) => boolean;
}

export interface LoadResult {
  durationSeconds: number;
  completed: number;
  ok2xx: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  /** 2xx or not, bodies that failed the scenario's check. */
  mismatches: number;
  statusCodes: Record<string, number>;
  /** Distinct error messages with counts (at most 10 kinds). */
  errorKinds: Record<string, number>;
  p50Millis: number;
  p99Millis: number;
  meanMillis: number;
  maxMillis: number;
  /** Successful responses per second over the run. */
  okPerSecond: number;
  /** True when an `amount` run was cut off by `maxSeconds`. */
  stoppedEarly: boolean;
}

/** Latencies kept; beyond this the run is still counted but not sampled (bounds memory). */
const MAX_LATENCIES = 2_000_000;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.path ?? '/v1/responses', options.url);
  if (url.hostname !== '127.0.0.1') throw new Error(`refusing to send load to ${url.hostname}; 127.0.0.1 only`);
  const instance = autocannon({
    url: url.toString(),
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify(options.body),
    connections: options.connections,
    ...(options.amount !== undefined ? { amount: options.amount } : { duration: options.durationSeconds ?? 10 }),
    timeout: options.timeoutSeconds,
    ...(options.verifyBody ? { verifyBody: options.verifyBody } : {}),
  });
  // autocannon's own duration is rounded up to its 1 s sampling tick; time the run here instead.
  const startedAt = performance.now();
  let lastResponseAt = startedAt;
  const latencies: number[] = [];
  const errorKinds: Record<string, number> = {};
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    lastResponseAt = performance.now();
    if (statusCode >= 200 && statusCode < 300 && latencies.length < MAX_LATENCIES) latencies.push(responseTime);
  });
  instance.on('reqError', (error) => {
    const kind = error.message || error.name;
    if (kind in errorKinds || Object.keys(errorKinds).length < 10) errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  });
  let stoppedEarly = false;
  const limit =
    options.maxSeconds !== undefined
      ? setTimeout(() => {
          stoppedEarly = true;
          instance.stop();
        }, options.maxSeconds * 1000)
      : undefined;
  let result: autocannon.Result;
  try {
    result = await instance;
  } finally {
    if (limit) clearTimeout(limit);
  }

  latencies.sort((a, b) => a - b);
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) statusCodes[code] = Number(count);
  const completed = Object.values(statusCodes).reduce((sum, count) => sum + count, 0);
  const ok2xx = result['2xx'];
  // From the start until the last answer arrived (autocannon may run up to one tick past `duration`).
  const durationSeconds = lastResponseAt > startedAt ? (lastResponseAt - startedAt) / 1000 : result.duration;
  return {
    durationSeconds,
    completed,
    ok2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    mismatches: result.mismatches,
    statusCodes,
    errorKinds,
    p50Millis: percentile(latencies, 0.5),
    p99Millis: percentile(latencies, 0.99),
    meanMillis: latencies.length ? latencies.reduce((sum, value) => sum + value, 0) / latencies.length : Number.NaN,
    maxMillis: latencies.at(-1) ?? Number.NaN,
    okPerSecond: durationSeconds > 0 ? ok2xx / durationSeconds : 0,
    stoppedEarly,
  };
}

/** Nearest-rank percentile of sorted values; NaN when there are none. */
function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}

/** Bodies that failed the check minus non-2xx ones (those never pass it), so nothing counts twice. */
export function badBodies(result: LoadResult): number {
  return Math.max(0, result.mismatches - result.non2xx);
}

/** True when the run had anything other than checked 2xx answers. */
export function hadProblems(result: LoadResult): boolean {
  return result.ok2xx === 0 || result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || result.mismatches > 0 || result.stoppedEarly;
}

export function describeProblems(result: LoadResult): string {
  const parts: string[] = [];
  if (result.ok2xx === 0) parts.push('no response completed successfully during the run');
  const bad = Object.entries(result.statusCodes).filter(([code]) => !code.startsWith('2'));
  if (bad.length) parts.push(`status ${bad.map(([code, count]) => `${code}×${count}`).join(', ')}`);
  if (result.errors) parts.push(`${result.errors} connection errors (${result.timeouts} timeouts)`);
  const kinds = Object.entries(result.errorKinds);
  if (kinds.length) parts.push(`errors: ${kinds.map(([kind, count]) => `"${kind}"×${count}`).join(', ')}`);
  if (badBodies(result)) parts.push(`${badBodies(result)} 2xx bodies failed the check`);
  if (result.stoppedEarly) parts.push('stopped at the time limit before all requests were sent');
  return parts.join('; ');
}
