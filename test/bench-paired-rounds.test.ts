import { describe, expect, it } from 'vitest';
import { median } from '../bench/peers/paired-rounds.ts';

describe('median of the paired rounds', () => {
  it('takes the middle value, the mean of the middle two for an even count, and NaN for none or a missing number', () => {
    expect(median([3.1, 5.2, 4])).toBe(4);
    expect(median([2, 1, 4, 3])).toBe(2.5);
    expect(median([])).toBeNaN();
    expect(median([1, Number.NaN, 3])).toBeNaN();
  });
});
