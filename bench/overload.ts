// Overload benchmark (not part of `npm test`): N concurrent streamed 1024x1024 image responses
// against `imagegate serve` on loopback, with /health probed throughout. Reports how many
// completed, how many were refused 503 with Retry-After, anything else, /health latency, the
// server's own event-loop lag (/health/load) and its peak RSS (VmHWM from /proc).
//   node --import tsx bench/overload.ts [concurrency=1000]
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { readMemory } from './proc.ts';
import { startServerProcess } from './server-process.ts';

const CONCURRENCY = Number(process.argv[2] ?? 1000);
const REQUEST_TIMEOUT_MILLIS = 120_000;
const PROBE_EVERY_MILLIS = 100;
/** `/health/load` summarises lag over 10 s windows. */
const LAG_WINDOW_MILLIS = 10_000;

type Outcome = 'completed' | 'overloaded' | 'overloaded_without_retry_after' | 'other';

async function streamedImage(url: string): Promise<Outcome> {
  const response = await fetch(`${url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'simulator',
      input: 'Draw a lighthouse at dusk.',
      tools: [{ type: 'image_generation', size: '1024x1024', quality: 'low' }],
      imagegate: { exact_images: 1 },
      stream: true,
    }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MILLIS),
  });
  const text = await response.text();
  if (response.status === 503) return response.headers.get('retry-after') ? 'overloaded' : 'overloaded_without_retry_after';
  return response.status === 200 && text.includes('response.completed') && text.includes('image_generation_call') ? 'completed' : 'other';
}

async function main(): Promise<void> {
  const server = await startServerProcess(resolve(import.meta.dirname, '..'));
  // Warm-up: the first request loads and compiles modules (about a second of lag, once); the
  // lag windows are then let roll over so the report shows the load, not the start.
  await streamedImage(server.url);
  await sleep(LAG_WINDOW_MILLIS * 2 + 500);
  const healthMillis: number[] = [];
  let healthFailures = 0;
  let maxLagMillis = 0;
  let probing = true;
  const probe = (async () => {
    while (probing) {
      const started = performance.now();
      try {
        const health = await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(5000) });
        if (health.status !== 200) healthFailures += 1;
        healthMillis.push(performance.now() - started);
        const load = (await (await fetch(`${server.url}/health/load`)).json()) as { event_loop_lag_ms: { max: number; previous_window_max: number } };
        maxLagMillis = Math.max(maxLagMillis, load.event_loop_lag_ms.max, load.event_loop_lag_ms.previous_window_max);
      } catch {
        healthFailures += 1;
      }
      await sleep(PROBE_EVERY_MILLIS);
    }
  })();

  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: CONCURRENCY }, () => streamedImage(server.url).catch((): Outcome => 'other')));
  const elapsedSeconds = (performance.now() - started) / 1000;
  probing = false;
  await probe;
  const peakRssMiB = (readMemory(server.pid)?.hwmKb ?? 0) / 1024;
  await server.stop();

  const count = (outcome: Outcome) => outcomes.filter((value) => value === outcome).length;
  const sorted = [...healthMillis].sort((a, b) => a - b);
  const percentile = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
  const report = {
    concurrency: CONCURRENCY,
    elapsed_s: Number(elapsedSeconds.toFixed(1)),
    completed: count('completed'),
    refused_503_with_retry_after: count('overloaded'),
    refused_503_without_retry_after: count('overloaded_without_retry_after'),
    other: count('other'),
    health_probes: healthMillis.length,
    health_failures: healthFailures,
    health_ms: { p50: Math.round(percentile(50)), p99: Math.round(percentile(99)), max: Math.round(sorted.at(-1) ?? 0) },
    server_event_loop_lag_max_ms: maxLagMillis,
    server_peak_rss_mib: Math.round(peakRssMiB),
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  const ok = report.other === 0 && report.refused_503_without_retry_after === 0 && report.health_failures === 0 && peakRssMiB < 1024;
  process.exitCode = ok ? 0 : 1;
}

await main();
