import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { MAX_EXACTLY_COUNTED_CHARS, countO200kTokens } from './count-o200k-tokens.ts';

describe('countO200kTokens', () => {
  it('equals the tokenizer on ordinary text, JSON and code', () => {
    for (const text of ['Draw a lighthouse at dusk, please.', JSON.stringify({ type: 'object', properties: { a: { type: 'string' } } }), 'for (let i = 0; i < 10; i++) {}\n']) {
      expect(countO200kTokens(text)).toBe(countTokens(text));
    }
  });

  it('counts 160,000 repeated characters (23 s before) in linear time, and the same count', () => {
    const started = performance.now();
    expect(countO200kTokens('x'.repeat(160_000))).toBe(20_000);
    expect(countO200kTokens(' '.repeat(160_000))).toBeGreaterThan(0);
    expect(countO200kTokens('!'.repeat(160_000))).toBeGreaterThan(0);
    // Generous for a shared machine; the quadratic count took 23 s.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('estimates past 1,000,000 characters at the rate of the prefix', () => {
    const text = 'hello world '.repeat(200_000);
    expect(text.length).toBeGreaterThan(MAX_EXACTLY_COUNTED_CHARS);
    const exact = countTokens(text);
    expect(Math.abs(countO200kTokens(text) - exact) / exact).toBeLessThan(0.01);
  });
});
