/**
 * Money refused work before it started: the key's budget or the response's cost cap cannot
 * cover its worst case, or no price is known while one of them applies. toClientError makes it
 * 429 `insufficient_quota` (`budget_exceeded` / `max_cost_exceeded`) or 400 `price_unknown`.
 */
export class SpendRefusedError extends Error {
  override readonly name = 'SpendRefusedError';

  constructor(
    readonly reason: 'budget' | 'max_cost' | 'unknown_price',
    /** Says which limit refused and by how much (SpendGuard's wording). */
    message: string,
  ) {
    super(message);
  }
}
