/**
 * Throws a TypeError unless `value` is a whole number from 0 to 2^53 − 1. Storage keeps money
 * (micro-dollars), token and image counts and times as such integers, so sums stay exact.
 */
export function assertWholeNumber(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`${name} must be a whole number ≥ 0, got ${String(value)}`);
  }
}
