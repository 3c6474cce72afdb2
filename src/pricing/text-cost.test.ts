import { describe, expect, it } from 'vitest';
import { usd } from './money.ts';
import { createPriceCatalog } from './price-catalog.ts';
import { estimateMaxTextCost, textCost } from './text-cost.ts';

const catalog = createPriceCatalog();

describe('textCost', () => {
  it('prices input and output from the catalog row (gpt-4.1: $2 / $8 per 1M)', () => {
    const cost = textCost(catalog, { model: 'gpt-4.1', inputTokens: 1000, outputTokens: 200 });
    expect(cost).toMatchObject({ known: true, basis: 'tokens', pricedAs: 'gpt-4.1', costUsd: 0.0036, exact: true, confirmed: false, nominal: false });
    if (!cost.known) throw new Error('expected a price');
    expect(cost.cost).toEqual(usd('0.0036'));
    expect(cost.breakdown.map((line) => [line.item, line.quantity, line.costUsd])).toEqual([['input', 1000, 0.002], ['output', 200, 0.0016]]);
  });

  it('prices cached input at the cached rate, as part of the input', () => {
    // 600 × $2 + 400 × $0.50 + 200 × $8, per 1M.
    expect(textCost(catalog, { model: 'gpt-4.1', inputTokens: 1000, cachedInputTokens: 400, outputTokens: 200 })).toMatchObject({ costUsd: 0.003 });
  });

  it('prices Anthropic cache reads and writes apart', () => {
    // Opus 4.5: 5000 × $5 + 2000 × $0.50 + 3000 × $6.25 + 500 × $25, per 1M.
    const cost = textCost(catalog, { model: 'claude-opus-4-5-20251101', inputTokens: 10_000, cachedInputTokens: 2000, cacheWriteInputTokens: 3000, outputTokens: 500 });
    expect(cost).toMatchObject({ known: true, costUsd: 0.05725, confirmed: true });
  });

  it('bills cache writes as plain input where the provider has no write rate', () => {
    expect(textCost(catalog, { model: 'gpt-4.1', inputTokens: 1000, cacheWriteInputTokens: 1000, outputTokens: 0 })).toMatchObject({ costUsd: 0.002, exact: true });
  });

  it('moves the whole request to long-context rates past the threshold', () => {
    expect(textCost(catalog, { model: 'gpt-5.4', inputTokens: 272_000, outputTokens: 1000 })).toMatchObject({ costUsd: 0.695, notes: [] });
    const long = textCost(catalog, { model: 'gpt-5.4', inputTokens: 300_000, outputTokens: 1000 });
    expect(long).toMatchObject({ costUsd: 1.5225 });
    if (long.known) expect(long.notes[0]).toContain('Long-context');
  });

  it('charges cached tokens at the input rate when no cached rate is known, and says so', () => {
    const cost = textCost(catalog, { model: 'gpt-4o-2024-05-13', inputTokens: 1000, cachedInputTokens: 1000, outputTokens: 0 });
    expect(cost).toMatchObject({ known: true, costUsd: 0.005, exact: false });
  });

  it('is unknown, never 0, for models it cannot price', () => {
    expect(textCost(catalog, { model: 'gpt-4.1-turbo', inputTokens: 1000, outputTokens: 200 })).toEqual({
      known: false,
      model: 'gpt-4.1-turbo',
      reason: 'unknown_model',
      message: "No price for model 'gpt-4.1-turbo' in the catalog.",
    });
    const longWrite = textCost(catalog, { model: 'claude-sonnet-4', inputTokens: 300_000, cacheWriteInputTokens: 10, outputTokens: 0 });
    expect(longWrite).toMatchObject({ known: false, reason: 'missing_price' });
  });

  it('refuses impossible usage as unknown', () => {
    for (const usage of [
      { inputTokens: 10, cachedInputTokens: 11, outputTokens: 0 },
      { inputTokens: 10, cachedInputTokens: 6, cacheWriteInputTokens: 6, outputTokens: 0 },
      { inputTokens: -1, outputTokens: 0 },
      { inputTokens: 1.5, outputTokens: 0 },
      { inputTokens: 1, outputTokens: Number.NaN },
    ]) {
      expect(textCost(catalog, { model: 'gpt-4.1', ...usage })).toMatchObject({ known: false, reason: 'invalid_usage' });
    }
  });

  it('prices the simulator with nominal prices', () => {
    expect(textCost(catalog, { model: 'simulator-repeat', inputTokens: 1000, outputTokens: 200 })).toMatchObject({ costUsd: 0.00072, nominal: true, pricedAs: 'simulator' });
  });
});

describe('estimateMaxTextCost', () => {
  it('bounds a step by the prompt and the output cap', () => {
    expect(estimateMaxTextCost(catalog, { model: 'gpt-4.1', inputTokens: 1000, maxOutputTokens: 500 })).toMatchObject({ known: true, costUsd: 0.006 });
  });

  it('takes the dearer cache-write rate for the prompt', () => {
    // 1000 × $6.25 + 100 × $25, per 1M.
    expect(estimateMaxTextCost(catalog, { model: 'claude-opus-4-5', inputTokens: 1000, maxOutputTokens: 100 })).toMatchObject({ costUsd: 0.00875 });
  });

  it('uses long-context rates when the prompt is long', () => {
    expect(estimateMaxTextCost(catalog, { model: 'gpt-5.5', inputTokens: 300_000, maxOutputTokens: 1000 })).toMatchObject({ costUsd: 3.045 });
  });

  it('has no bound without an output cap, and none for unknown models', () => {
    expect(estimateMaxTextCost(catalog, { model: 'gpt-4.1', inputTokens: 1000, maxOutputTokens: undefined })).toMatchObject({ known: false, reason: 'no_output_limit' });
    expect(estimateMaxTextCost(catalog, { model: 'mystery', inputTokens: 1000, maxOutputTokens: 10 })).toMatchObject({ known: false, reason: 'unknown_model' });
  });
});
