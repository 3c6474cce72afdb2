import { describe, expect, it } from 'vitest';
import { tokenLine } from './cost-result.ts';

describe('tokenLine', () => {
  it('prices tokens exactly at a rate however often that rate is used', () => {
    for (let round = 0; round < 3; round++) {
      const line = tokenLine('cached_input', 1_000_003, 0.005);
      expect(line.cost.picoUsd).toBe(5_000_015_000n);
      expect(line.costUsd).toBe(0.005);
      expect(tokenLine('output', 7, 8).cost.picoUsd).toBe(56_000_000n);
    }
  });

  it('refuses a rate finer than 1e-6 USD per 1M tokens every time it is asked', () => {
    for (let round = 0; round < 2; round++) expect(() => tokenLine('input', 10, 0.0000001)).toThrow(RangeError);
  });
});
