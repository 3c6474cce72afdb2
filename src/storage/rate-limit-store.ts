export type RateKind = 'request' | 'image';

/**
 * Per-key events over a sliding minute, shared by every instance on the database, so a limit
 * of N per minute holds however requests spread over instances.
 */
export interface RateLimitStore {
  /** Events of `kind` for `keyId` in the minute before `now` (Unix milliseconds). */
  count(keyId: string, kind: RateKind, now: number): Promise<number>;
  /** When those events happened (Unix milliseconds, oldest first; an event of amount n counts n times). */
  times(keyId: string, kind: RateKind, now: number): Promise<number[]>;
  /**
   * Records `amount` events at `now` if, with them, the minute holds at most `limit`; atomic
   * across instances. Without a limit it always records. Returns whether it recorded.
   */
  take(request: { keyId: string; kind: RateKind; amount: number; now: number; limit?: number | undefined }): Promise<boolean>;
}

export const rateWindowMillis = 60_000;
