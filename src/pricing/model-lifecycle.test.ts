import { describe, expect, it } from 'vitest';
import { findRetirement } from './model-lifecycle.ts';
import { createPriceCatalog } from './price-catalog.ts';

const at = (day: string) => Date.parse(`${day}T00:00:00Z`);

describe('model lifecycle from the catalog', () => {
  const catalog = createPriceCatalog();

  it("marks OpenAI's shut-down image models retired from their shutdown day, with gpt-image-2 as successor", () => {
    expect(findRetirement(catalog, 'image', 'gpt-image-1', at('2026-10-23'))).toMatchObject({ retiredOn: '2026-10-23', successor: 'gpt-image-2' });
    expect(findRetirement(catalog, 'image', 'gpt-image-1', at('2026-10-23') - 1)).toBeUndefined();
    for (const model of ['gpt-image-1.5', 'gpt-image-1-mini', 'chatgpt-image-latest']) {
      expect(findRetirement(catalog, 'image', model, at('2026-11-30')), model).toBeUndefined();
      expect(findRetirement(catalog, 'image', model, at('2026-12-03')), model).toMatchObject({ retiredOn: '2026-12-01', successor: 'gpt-image-2' });
    }
    expect(findRetirement(catalog, 'image', 'gpt-image-1.5', at('2026-12-03'))?.source).toContain('https://developers.openai.com/api/docs/deprecations');
  });

  it('follows dated snapshots, and leaves live and unknown models alone', () => {
    expect(findRetirement(catalog, 'image', 'gpt-image-1.5-2025-12-16', at('2026-12-03'))).toMatchObject({ catalogId: 'gpt-image-1.5', successor: 'gpt-image-2' });
    expect(findRetirement(catalog, 'image', 'gpt-image-2', at('2026-12-03'))).toBeUndefined();
    expect(findRetirement(catalog, 'image', 'dall-e-3', at('2026-12-03'))).toBeUndefined();
    expect(findRetirement(catalog, 'text', 'gpt-4.1', at('2026-12-03'))).toBeUndefined();
    expect(findRetirement(catalog, 'text', 'no-such-model', at('2026-12-03'))).toBeUndefined();
  });

  it('reads text-model retirements too, and a config override can add one', () => {
    expect(findRetirement(catalog, 'text', 'gemini-3-pro-preview', at('2026-12-03'))).toMatchObject({ successor: 'gemini-3.1-pro-preview' });
    const overridden = createPriceCatalog({
      textModels: {
        'gpt-4o-mini': { inputUsdPerMillionTokens: 0.15, cachedInputUsdPerMillionTokens: 0.075, outputUsdPerMillionTokens: 0.6, source: 'test', confirmed: false, lifecycle: { retiredOn: '2026-06-01', successor: 'gpt-4.1-mini', source: 'test' } },
      },
    });
    expect(findRetirement(overridden, 'text', 'gpt-4o-mini', at('2026-12-03'))).toMatchObject({ successor: 'gpt-4.1-mini' });
  });

  it('refuses a successor the catalog does not hold', () => {
    expect(() =>
      createPriceCatalog({ imageModels: { 'gpt-image-1.5': { perImage: null, tokenPrices: null, lifecycle: { retiredOn: '2026-12-01', successor: 'gpt-image-9', source: 'test' } } } }),
    ).toThrow(/imageModels\.gpt-image-1\.5\.lifecycle\.successor: no model 'gpt-image-9'/);
  });
});
