import { describe, expect, it } from 'vitest';
import { createPriceCatalog } from '../pricing/index.ts';
import { affordableOutputTokens } from './affordable-output-tokens.ts';

const catalog = createPriceCatalog(undefined);
// gpt-4.1: $2 per 1M input tokens, $8 per 1M output tokens.
const step = (availableMicros: number, desiredOutputTokens = 4096) =>
  affordableOutputTokens(catalog, { model: 'gpt-4.1', inputTokens: 1000, desiredOutputTokens, floorOutputTokens: 64, availableMicros });

describe('affordableOutputTokens', () => {
  it('keeps the desired bound when it fits', () => {
    expect(step(1_000_000)).toEqual({ kind: 'fits', outputTokens: 4096, amountMicros: 2000 + 32_768 });
  });

  it('shrinks the bound to the largest that fits, exactly', () => {
    // $0.002 input + 8 µ$ per output token: $0.004 buys 250 output tokens.
    expect(step(4000)).toEqual({ kind: 'fits', outputTokens: 250, amountMicros: 4000 });
    expect(step(3999)).toEqual({ kind: 'fits', outputTokens: 249, amountMicros: 3992 });
  });

  it('refuses below the floor and says what the floor costs', () => {
    expect(step(2000 + 64 * 8 - 1)).toEqual({ kind: 'too_small', floorMicros: 2512 });
    expect(step(2512)).toEqual({ kind: 'fits', outputTokens: 64, amountMicros: 2512 });
  });

  it('a request asking for less than the floor is held to its own bound', () => {
    expect(step(2100, 10)).toEqual({ kind: 'fits', outputTokens: 10, amountMicros: 2080 });
  });

  it('an unknown model has no affordable bound', () => {
    expect(affordableOutputTokens(catalog, { model: 'mystery', inputTokens: 1, desiredOutputTokens: 10, floorOutputTokens: 1, availableMicros: 10 })).toMatchObject({ kind: 'unknown_price' });
  });
});
