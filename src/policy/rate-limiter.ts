/**
 * Per-key rate limits over a sliding minute, in memory: each server instance counts its own
 * traffic (documented; budgets, not rate limits, are the hard money guarantee).
 */
export class RateLimiter {
  private readonly events = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /** Events of `kind` for `key` in the last minute. */
  count(key: string, kind: 'request' | 'image'): number {
    return this.recent(`${kind}\u0000${key}`).length;
  }

  /** When the events of `kind` for `key` in the last minute happened (Unix milliseconds, oldest first). */
  times(key: string, kind: 'request' | 'image'): readonly number[] {
    return this.recent(`${kind}\u0000${key}`);
  }

  /** Records `amount` events now. */
  add(key: string, kind: 'request' | 'image', amount = 1): void {
    const bucket = this.recent(`${kind}\u0000${key}`);
    for (let index = 0; index < amount; index++) bucket.push(this.now());
  }

  private recent(bucketKey: string): number[] {
    const cutoff = this.now() - 60_000;
    const kept = (this.events.get(bucketKey) ?? []).filter((time) => time > cutoff);
    this.events.set(bucketKey, kept);
    return kept;
  }
}
