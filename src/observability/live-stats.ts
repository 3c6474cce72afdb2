const MINUTE_MILLIS = 60_000;
const WINDOW_MINUTES = 60;

interface MinuteBucket {
  minute: number;
  requests: number;
  images: number;
  spendMicros: number;
  errors: Map<string, number>;
}

export interface LiveStatsSnapshot {
  window_minutes: number;
  requests: number;
  images: number;
  spend_usd: number;
  /** Failed provider calls, `provider` → `code` → count. */
  provider_errors: Record<string, Record<string, number>>;
}

/**
 * The admin page's live panel: the same events the metrics count, kept per minute for the last
 * hour in memory (this instance's traffic, like the rate limiter), by the injected clock.
 */
export class LiveStats {
  private readonly buckets: MinuteBucket[] = [];

  constructor(private readonly now: () => number) {}

  request(): void {
    this.current().requests += 1;
  }

  images(count: number): void {
    this.current().images += count;
  }

  spend(micros: number): void {
    this.current().spendMicros += micros;
  }

  providerError(provider: string, code: string): void {
    const errors = this.current().errors;
    const key = `${provider}\u0000${code}`;
    errors.set(key, (errors.get(key) ?? 0) + 1);
  }

  snapshot(): LiveStatsSnapshot {
    const recent = this.recent();
    const providerErrors: Record<string, Record<string, number>> = {};
    for (const bucket of recent) {
      for (const [key, count] of bucket.errors) {
        const [provider = '', code = ''] = key.split('\u0000');
        const byCode = (providerErrors[provider] ??= {});
        byCode[code] = (byCode[code] ?? 0) + count;
      }
    }
    const sum = (pick: (bucket: MinuteBucket) => number) => recent.reduce((total, bucket) => total + pick(bucket), 0);
    return {
      window_minutes: WINDOW_MINUTES,
      requests: sum((bucket) => bucket.requests),
      images: sum((bucket) => bucket.images),
      spend_usd: sum((bucket) => bucket.spendMicros) / 1_000_000,
      provider_errors: providerErrors,
    };
  }

  private current(): MinuteBucket {
    const minute = Math.floor(this.now() / MINUTE_MILLIS);
    const last = this.buckets.at(-1);
    if (last?.minute === minute) return last;
    const bucket: MinuteBucket = { minute, requests: 0, images: 0, spendMicros: 0, errors: new Map() };
    this.buckets.push(bucket);
    this.recent();
    return bucket;
  }

  /** Buckets of the last hour; older ones are dropped. */
  private recent(): MinuteBucket[] {
    const oldest = Math.floor(this.now() / MINUTE_MILLIS) - WINDOW_MINUTES + 1;
    while (this.buckets.length > 0 && (this.buckets[0] as MinuteBucket).minute < oldest) this.buckets.shift();
    return this.buckets;
  }
}
