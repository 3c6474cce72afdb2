import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { Services } from '../service/services.ts';

/** Event-loop lag is summarised over windows this long. */
const WINDOW_MILLIS = 10_000;

export interface LoadSnapshot {
  /** Event-loop delay in the current window (and the one before), in milliseconds. */
  event_loop_lag_ms: { p50: number; p99: number; max: number; previous_window_max: number };
  image_jobs: { running: number; queued: number; max_running: number; max_queued: number };
  rss_bytes: number;
}

/**
 * What `GET /health/load` reports: how long the event loop was held (a request that blocks it
 * shows up here before anything else), image work running and waiting, and resident memory.
 */
export function createLoadMetrics(services: Services): () => LoadSnapshot {
  const histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let previousWindowMax = 0;
  const timer = setInterval(() => {
    previousWindowMax = toMillis(histogram.max);
    histogram.reset();
  }, WINDOW_MILLIS);
  // A metric must not keep the process alive.
  timer.unref();
  return () => ({
    event_loop_lag_ms: {
      p50: toMillis(histogram.percentile(50)),
      p99: toMillis(histogram.percentile(99)),
      max: toMillis(histogram.max),
      previous_window_max: previousWindowMax,
    },
    image_jobs: {
      ...services.imageJobs.load,
      max_running: services.config.limits.maxConcurrentImageJobs,
      max_queued: services.config.limits.maxQueuedImageJobs,
    },
    rss_bytes: process.memoryUsage.rss(),
  });
}

function toMillis(nanoseconds: number): number {
  return Number.isFinite(nanoseconds) ? Math.round(nanoseconds / 1e4) / 100 : 0;
}
