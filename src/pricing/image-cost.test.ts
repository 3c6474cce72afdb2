import { describe, expect, it } from 'vitest';
import type { CostResult, KnownCost } from './cost-result.ts';
import { estimateMaxImageCost, imageCost } from './image-cost.ts';
import { usd } from './money.ts';
import { createPriceCatalog } from './price-catalog.ts';

const catalog = createPriceCatalog();
const medium = { quality: 'medium', size: '1024x1024', count: 1 } as const;

function known(result: CostResult): KnownCost {
  if (!result.known) throw new Error(`expected a price, got ${result.reason}: ${result.message}`);
  return result;
}

describe('imageCost, per image', () => {
  it('prices one medium 1024x1024 image from the guide table', () => {
    expect(known(imageCost(catalog, { model: 'gpt-image-1', ...medium })).cost).toEqual(usd('0.042'));
    expect(known(imageCost(catalog, { model: 'gpt-image-1.5', ...medium })).cost).toEqual(usd('0.034'));
    expect(known(imageCost(catalog, { model: 'gpt-image-2', ...medium }))).toMatchObject({ basis: 'per_image', costUsd: 0.053, confirmed: true });
    expect(known(imageCost(catalog, { model: 'gpt-image-1-mini', quality: 'high', size: '1536x1024', count: 3 })).cost).toEqual(usd('0.156'));
  });

  it('adds 100 image output tokens per partial image', () => {
    // gpt-image-1: $0.042 + 3 × 100 × $40/1M.
    const cost = known(imageCost(catalog, { model: 'gpt-image-1', ...medium, partialImages: 3 }));
    expect(cost.costUsd).toBe(0.054);
    expect(cost.breakdown.at(-1)).toMatchObject({ item: 'partial_images', quantity: 300, usdPerMillionTokens: 40 });
    // Two images, two partials each: 2 × $0.034 + 400 × $32/1M.
    expect(known(imageCost(catalog, { model: 'gpt-image-1.5', ...medium, count: 2, partialImages: 2 })).costUsd).toBe(0.0808);
  });

  it('adds the prompt tokens when the caller knows them', () => {
    // $0.042 + 50 × $5/1M + 1000 × $10/1M.
    expect(known(imageCost(catalog, { model: 'gpt-image-1', ...medium, inputTextTokens: 50, inputImageTokens: 1000 }))).toMatchObject({ costUsd: 0.05225, exact: true });
  });

  it('says when the prompt tokens a model bills were left out', () => {
    const cost = known(imageCost(catalog, { model: 'gpt-image-2', ...medium }));
    expect(cost).toMatchObject({ costUsd: 0.053, exact: false, notes: ["The prompt's input tokens were not given: their cost is not included."] });
    // dall-e bills per image only: nothing is missing.
    expect(known(imageCost(catalog, { model: 'dall-e-3', quality: 'hd', size: '1024x1024', count: 1 }))).toMatchObject({ exact: true, notes: [] });
  });

  it('prices dall-e per image through its quality aliases', () => {
    expect(known(imageCost(catalog, { model: 'dall-e-3', quality: 'high', size: '1792x1024', count: 1 })).costUsd).toBe(0.12);
    expect(known(imageCost(catalog, { model: 'dall-e-3', quality: 'hd', size: '1792x1024', count: 1, inputTextTokens: 40 })).costUsd).toBe(0.12);
    expect(known(imageCost(catalog, { model: 'dall-e-2', quality: 'low', size: '512x512', count: 4 }))).toMatchObject({ costUsd: 0.072, confirmed: false });
  });

  it('scales sizes missing from the table by pixel area from the nearest orientation (gpt-image-2 only)', () => {
    const landscape = known(imageCost(catalog, { model: 'gpt-image-2', quality: 'medium', size: '2048x1152', count: 1 }));
    expect(landscape).toMatchObject({ costUsd: 0.0615, exact: false });
    expect(landscape.notes[0]).toContain('from 1536x1024');
    expect(known(imageCost(catalog, { model: 'gpt-image-2', quality: 'medium', size: '1152x2048', count: 1 })).costUsd).toBe(0.0615);
    // 0.053 × 1008²/1024², rounded up to the pico-dollar.
    expect(known(imageCost(catalog, { model: 'gpt-image-2', quality: 'medium', size: '1008x1008', count: 1 })).cost).toEqual(usd('0.051356689454'));
  });

  it('is unknown for sizes and qualities it cannot price', () => {
    expect(imageCost(catalog, { model: 'gpt-image-1', quality: 'medium', size: '2048x2048', count: 1 })).toMatchObject({ known: false, reason: 'unpriced_size' });
    expect(imageCost(catalog, { model: 'dall-e-3', quality: 'standard', size: '1536x1024', count: 1 })).toMatchObject({ known: false, reason: 'unpriced_size' });
    expect(imageCost(catalog, { model: 'gpt-image-1', quality: 'ultra', size: '1024x1024', count: 1 })).toMatchObject({ known: false, reason: 'unpriced_quality' });
    expect(imageCost(catalog, { model: 'gpt-image-9', ...medium })).toMatchObject({ known: false, reason: 'unknown_model' });
    expect(imageCost(catalog, { model: 'dall-e-3', quality: 'hd', size: '1024x1024', count: 1, partialImages: 1 })).toMatchObject({ known: false, reason: 'missing_price' });
    expect(imageCost(catalog, { model: 'gpt-image-1', ...medium, count: -1 })).toMatchObject({ known: false, reason: 'invalid_usage' });
  });

  it('prices auto as the dearest option and says so', () => {
    const cost = known(imageCost(catalog, { model: 'gpt-image-1', quality: 'auto', size: 'auto', count: 1, inputTextTokens: 0 }));
    expect(cost).toMatchObject({ costUsd: 0.25, exact: false });
    expect(cost.notes).toEqual(["'auto' priced as the dearest option: high 1024x1536."]);
  });
});

describe('imageCost, by reported tokens', () => {
  const usage = { inputTextTokens: 50, inputImageTokens: 0, outputTokens: 1056 };

  it('prices every reported token when the catalog has the rates', () => {
    // 50 × $5 + 1056 × $40, per 1M.
    const cost = known(imageCost(catalog, { model: 'gpt-image-1', ...medium, usage }));
    expect(cost).toMatchObject({ basis: 'tokens', costUsd: 0.04249, exact: true, confirmed: true });
    expect(cost.breakdown.map((line) => line.item)).toEqual(['text_input', 'image_output']);
  });

  it('adds the partial-image surcharge on top of the usage', () => {
    expect(known(imageCost(catalog, { model: 'gpt-image-1', ...medium, partialImages: 2, usage })).costUsd).toBe(0.05049);
  });

  it('splits text output and cached input tokens', () => {
    // gpt-image-2: 40 × $5 + 10 × $1.25 + 500 × $8 + 7000 × $30 + 24 × $10, per 1M.
    const cost = known(imageCost(catalog, {
      model: 'gpt-image-2', ...medium,
      usage: { inputTextTokens: 50, cachedInputTextTokens: 10, inputImageTokens: 500, outputTokens: 7024, outputTextTokens: 24 },
    }));
    expect(cost.cost).toEqual(usd('0.2144525'));
    expect(cost).toMatchObject({ confirmed: false, exact: true });
  });

  it('charges cached tokens at the uncached rate when no cached rate is known', () => {
    const cost = known(imageCost(catalog, { model: 'gpt-image-1.5', ...medium, usage: { ...usage, cachedInputTextTokens: 50 } }));
    // 50 × $5 + 1056 × $32, per 1M.
    expect(cost).toMatchObject({ basis: 'tokens', costUsd: 0.034042, exact: false });
  });

  it('falls back to the per-image table when a reported token has no rate', () => {
    // gpt-image-1 has no text output rate: $0.042 + 50 × $5/1M.
    const cost = known(imageCost(catalog, { model: 'gpt-image-1', ...medium, usage: { ...usage, outputTokens: 1076, outputTextTokens: 20 } }));
    expect(cost).toMatchObject({ basis: 'per_image', costUsd: 0.04225, exact: false });
    expect(cost.notes[0]).toContain('text output tokens have no price');
  });

  it('ignores usage for models billed per image only', () => {
    expect(known(imageCost(catalog, { model: 'dall-e-3', quality: 'standard', size: '1024x1024', count: 1, usage })).costUsd).toBe(0.04);
  });

  it('refuses impossible usage', () => {
    expect(imageCost(catalog, { model: 'gpt-image-1', ...medium, usage: { ...usage, cachedInputTextTokens: 51 } })).toMatchObject({ reason: 'invalid_usage' });
    expect(imageCost(catalog, { model: 'gpt-image-1', ...medium, usage: { ...usage, outputTextTokens: 2000 } })).toMatchObject({ reason: 'invalid_usage' });
  });
});

describe('estimateMaxImageCost', () => {
  it('takes the larger of the table price and listed output tokens × rate', () => {
    // max($0.042, 1056 × $40/1M = $0.04224)
    const cost = known(estimateMaxImageCost(catalog, { model: 'gpt-image-1', ...medium }));
    expect(cost.cost).toEqual(usd('0.04224'));
    expect(cost.notes[0]).toContain('output tokens');
    // mini's table is above its token counts × $8: the table stands.
    expect(known(estimateMaxImageCost(catalog, { model: 'gpt-image-1-mini', ...medium })).costUsd).toBe(0.011);
  });

  it('bounds auto by the dearest quality and size, plus prompt and partial images', () => {
    // gpt-image-1 high 1024x1536: max($0.25, 6240 × $40/1M); + 2 × 100 × $40 + 50 × $5, per 1M.
    const cost = known(estimateMaxImageCost(catalog, { model: 'gpt-image-1', quality: 'auto', size: 'auto', count: 1, partialImages: 2, inputTextTokens: 50 }));
    expect(cost.costUsd).toBe(0.25825);
    expect(known(estimateMaxImageCost(catalog, { model: 'gpt-image-2', quality: undefined, size: undefined, count: 2 })).costUsd).toBe(0.422);
    expect(known(estimateMaxImageCost(catalog, { model: 'dall-e-3', quality: 'auto', size: 'auto', count: 1 })).costUsd).toBe(0.12);
  });

  it('warns that text output tokens are not bounded for models that bill them', () => {
    expect(known(estimateMaxImageCost(catalog, { model: 'gpt-image-2', ...medium })).notes).toContain(
      'The model may also bill text output tokens, which no table bounds; settle with the reported usage.',
    );
  });

  it('is unknown where the actual cost would be', () => {
    expect(estimateMaxImageCost(catalog, { model: 'gpt-image-1', quality: 'high', size: '4096x4096', count: 1 })).toMatchObject({ known: false, reason: 'unpriced_size' });
    expect(estimateMaxImageCost(catalog, { model: 'stability-core', ...medium })).toMatchObject({ known: false, reason: 'unknown_model' });
  });

  it('gives the procedural backend nominal prices, custom sizes included', () => {
    expect(known(estimateMaxImageCost(catalog, { model: 'procedural', quality: 'auto', size: '2048x2048', count: 1 }))).toMatchObject({ costUsd: 0.144, nominal: true, exact: false });
  });
});
