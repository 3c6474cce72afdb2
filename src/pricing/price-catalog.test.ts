import { describe, expect, it } from 'vitest';
import { createPriceCatalog } from './price-catalog.ts';
import { PriceCatalogError } from './price-catalog-error.ts';
import { textCost } from './text-cost.ts';
import type { PartialCatalog } from './price-catalog-schema.ts';

const myLlama = {
  inputUsdPerMillionTokens: 0.1,
  cachedInputUsdPerMillionTokens: null,
  outputUsdPerMillionTokens: 0.2,
  source: 'our GPU bill',
  confirmed: true,
};

function thrown(run: () => unknown): PriceCatalogError {
  try {
    run();
  } catch (error) {
    if (error instanceof PriceCatalogError) return error;
    throw error;
  }
  throw new Error('expected a PriceCatalogError');
}

describe('the shipped catalog', () => {
  const catalog = createPriceCatalog();

  it('validates and carries every §6c text row as the reference gives it', () => {
    const rows: Record<string, [number, number | null, number]> = {
      'gpt-4.1': [2, 0.5, 8],
      'gpt-4.1-mini': [0.4, 0.1, 1.6],
      'gpt-4.1-nano': [0.1, 0.025, 0.4],
      'gpt-4o': [2.5, 1.25, 10],
      'gpt-4o-mini': [0.15, 0.075, 0.6],
      'gpt-5': [1.25, 0.125, 10],
      'gpt-5-mini': [0.25, 0.025, 2],
      'gpt-5-nano': [0.05, 0.005, 0.4],
      'gpt-5.4': [2.5, 0.25, 15],
      'gpt-5.5': [5, 0.5, 30],
    };
    for (const [id, [input, cached, output]] of Object.entries(rows)) {
      const entry = catalog.textModels[id];
      expect(entry, id).toMatchObject({ inputUsdPerMillionTokens: input, cachedInputUsdPerMillionTokens: cached, outputUsdPerMillionTokens: output });
    }
  });

  it('keeps a source and a confirmed flag beside every price block, and an as-of date', () => {
    expect(catalog.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    for (const entry of Object.values(catalog.textModels)) expect(entry.source.length).toBeGreaterThan(0);
    for (const entry of Object.values(catalog.imageModels)) {
      // A model listed only for its retirement has no price block, and its lifecycle names a source.
      if (entry.perImage === null && entry.tokenPrices === null) expect(entry.lifecycle?.source.length).toBeGreaterThan(0);
      else expect(entry.perImage?.source.length).toBeGreaterThan(0);
      if (entry.tokenPrices !== null) expect(typeof entry.tokenPrices.confirmed).toBe('boolean');
    }
    expect(catalog.partialImageOutputTokens).toMatchObject({ tokensPerPartialImage: 100, confirmed: true });
  });

  it('marks the offline backends nominal and third-party figures unconfirmed', () => {
    expect(catalog.textModels.simulator).toMatchObject({ nominal: true, confirmed: false });
    expect(catalog.imageModels.procedural).toMatchObject({ nominal: true, customSizes: 'scaleByArea' });
    expect(catalog.imageModels['dall-e-3']?.perImage?.confirmed).toBe(false);
    expect(catalog.imageModels['gpt-image-2']?.tokenPrices?.confirmed).toBe(false);
    expect(catalog.imageModels['gpt-image-1']?.perImage?.confirmed).toBe(true);
  });

  it('is frozen and shared', () => {
    expect(Object.isFrozen(catalog.textModels['gpt-4.1'])).toBe(true);
    expect(createPriceCatalog()).toBe(catalog);
  });
});

describe('overrides', () => {
  it('adds and replaces entries whole, leaving the shipped catalog alone', () => {
    const catalog = createPriceCatalog({
      asOf: '2027-01-01',
      textModels: { 'my-llama': myLlama, 'gpt-4.1': { ...myLlama, inputUsdPerMillionTokens: 3, source: 'contract' } },
      textModelAliases: { llama: 'my-llama' },
    });
    expect(catalog.asOf).toBe('2027-01-01');
    expect(textCost(catalog, { model: 'llama', inputTokens: 1_000_000, outputTokens: 0 })).toMatchObject({ known: true, pricedAs: 'my-llama', costUsd: 0.1 });
    expect(textCost(catalog, { model: 'gpt-4.1', inputTokens: 1000, outputTokens: 0 })).toMatchObject({ costUsd: 0.003 });
    expect(textCost(createPriceCatalog(), { model: 'gpt-4.1', inputTokens: 1000, outputTokens: 0 })).toMatchObject({ costUsd: 0.002 });
  });

  it('removes entries with null: unknown, never free; shipped aliases go with them', () => {
    const catalog = createPriceCatalog({ textModels: { simulator: null, 'gpt-4.1': null } });
    expect(textCost(catalog, { model: 'gpt-4.1', inputTokens: 1, outputTokens: 1 })).toMatchObject({ known: false, reason: 'unknown_model' });
    expect(textCost(catalog, { model: 'simulator-repeat', inputTokens: 1, outputTokens: 1 })).toMatchObject({ known: false });
    expect(catalog.textModelAliases['simulator-repeat']).toBeUndefined();
  });

  it('overrides image prices and the partial-image surcharge', () => {
    const shipped = createPriceCatalog().imageModels['gpt-image-1'];
    if (shipped === undefined) throw new Error('gpt-image-1 missing');
    const catalog = createPriceCatalog({
      imageModels: { 'gpt-image-1': { ...shipped, perImage: { usd: { medium: { '1024x1024': 0.05 } }, source: 'x', confirmed: false } } },
      partialImageOutputTokens: { tokensPerPartialImage: 120, source: 'measured', confirmed: false },
    });
    expect(catalog.imageModels['gpt-image-1']?.perImage?.usd.medium?.['1024x1024']).toBe(0.05);
    expect(catalog.partialImageOutputTokens.tokensPerPartialImage).toBe(120);
  });

  it('validates overrides the same way, naming the bad field', () => {
    const negative = thrown(() => createPriceCatalog({ textModels: { 'my-llama': { ...myLlama, outputUsdPerMillionTokens: -1 } } }));
    expect(negative.issues[0]?.path).toBe('textModels.my-llama.outputUsdPerMillionTokens');

    const tooFine = thrown(() => createPriceCatalog({ textModels: { 'my-llama': { ...myLlama, inputUsdPerMillionTokens: 0.0000001 } } }));
    expect(tooFine.message).toContain('at most 6 decimals');

    const typo = { textModels: { 'my-llama': { ...myLlama, outputUsdPerMilionTokens: 1 } } } as unknown as PartialCatalog;
    expect(thrown(() => createPriceCatalog(typo)).message).toContain('outputUsdPerMilionTokens');

    const badSize = thrown(() => createPriceCatalog({
      imageModels: { x: { perImage: { usd: { low: { big: 1 } }, source: 's', confirmed: true }, tokenPrices: null } },
    }));
    expect(badSize.issues[0]?.path).toBe('imageModels.x.perImage.usd.low.big');

    const dangling = thrown(() => createPriceCatalog({ textModelAliases: { fast: 'no-such-model' } }));
    expect(dangling.issues[0]).toMatchObject({ path: 'textModelAliases.fast', message: "no model 'no-such-model'" });

    const badQualityAlias = thrown(() => createPriceCatalog({
      imageModels: { x: { perImage: { usd: { low: { '64x64': 1 } }, source: 's', confirmed: true }, qualityAliases: { high: 'ultra' }, tokenPrices: null } },
    }));
    expect(badQualityAlias.issues[0]?.path).toBe('imageModels.x.qualityAliases.high');
  });
});
