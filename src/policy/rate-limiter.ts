import type { RateKind, RateLimitStore } from '../storage/rate-limit-store.ts';

/**
 * Per-key rate limits over a sliding minute, kept in the database (rate-limit-store.ts), so
 * every instance on it counts the same traffic: a limit of N holds across all of them.
 */
export class RateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly now: () => number,
  ) {}

  /** Events of `kind` for `key` in the last minute. */
  count(key: string, kind: RateKind): Promise<number> {
    return this.store.count(key, kind, this.now());
  }

  /** Records one request unless `limit` requests were already made this minute (atomic across instances). */
  tryRequest(key: string, limit: number): Promise<boolean> {
    return this.store.take({ keyId: key, kind: 'request', amount: 1, limit, now: this.now() });
  }

  /** When the events of `kind` for `key` in the last minute happened (Unix milliseconds, oldest first). */
  times(key: string, kind: RateKind): Promise<number[]> {
    return this.store.times(key, kind, this.now());
  }

  /** Records `amount` events now. */
  async add(key: string, kind: RateKind, amount = 1): Promise<void> {
    await this.store.take({ keyId: key, kind, amount, now: this.now() });
  }
}
