import { describe, expect, it } from 'vitest';
import { findImageModelPrice, findTextModelPrice } from './find-model-price.ts';
import { createPriceCatalog } from './price-catalog.ts';

const catalog = createPriceCatalog();
const text = (model: string): [string, string] | undefined => {
  const found = findTextModelPrice(catalog, model);
  return found === undefined ? undefined : [found.id, found.matchedBy];
};

describe('model matching', () => {
  it('matches exact ids', () => {
    expect(text('gpt-4.1')).toEqual(['gpt-4.1', 'exact']);
    expect(text('gpt-4.1-mini')).toEqual(['gpt-4.1-mini', 'exact']);
  });

  it('matches dated snapshots of OpenAI and Anthropic ids', () => {
    expect(text('gpt-4.1-2025-04-14')).toEqual(['gpt-4.1', 'snapshot']);
    expect(text('gpt-4.1-mini-2025-04-14')).toEqual(['gpt-4.1-mini', 'snapshot']);
    expect(text('gpt-4o-2024-08-06')).toEqual(['gpt-4o', 'snapshot']);
    expect(text('claude-opus-4-1-20250805')).toEqual(['claude-opus-4-1', 'snapshot']);
    expect(text('claude-sonnet-4-20250514')).toEqual(['claude-sonnet-4', 'snapshot']);
    expect(findImageModelPrice(catalog, 'gpt-image-2-2026-04-21')?.id).toBe('gpt-image-2');
  });

  it('prefers an exact snapshot entry over the undated one (gpt-4o-2024-05-13 had its own price)', () => {
    expect(text('gpt-4o-2024-05-13')).toEqual(['gpt-4o-2024-05-13', 'exact']);
  });

  it('follows the explicit alias list only', () => {
    expect(text('simulator-repeat')).toEqual(['simulator', 'alias']);
    expect(text('simulator-parallel-20')).toEqual(['simulator', 'alias']);
    expect(text('claude-sonnet-4-0')).toEqual(['claude-sonnet-4', 'alias']);
    expect(text('simulator-parallel-21')).toBeUndefined();
  });

  it('never matches across families or loosely', () => {
    for (const model of ['gpt-4.1-turbo', 'o3-mini', 'gpt-4', 'GPT-4.1', 'gpt-4.1 ', 'gpt-4.1-2025-04', 'gpt-4.1-2025-04-14-extra', 'openai/gpt-4.1', 'constructor', '__proto__', 'gpt-image-1']) {
      expect(text(model), model).toBeUndefined();
    }
    expect(findImageModelPrice(catalog, 'gpt-image-1.5-mini')).toBeUndefined();
    // Listed for its retirement only: found, but with no price to charge.
    expect(findImageModelPrice(catalog, 'chatgpt-image-latest')?.price).toMatchObject({ perImage: null, tokenPrices: null });
    expect(findImageModelPrice(catalog, 'chatgpt-image-latest-2')).toBeUndefined();
  });

  it('answers a name asked again with the same entry, looked up once per catalog', () => {
    for (const model of ['gpt-4.1', 'gpt-4.1-2025-04-14', 'simulator-repeat']) {
      const first = findTextModelPrice(catalog, model);
      expect(first).toBeDefined();
      expect(findTextModelPrice(catalog, model)).toBe(first);
    }
    for (const model of ['gpt-4.1-turbo', 'constructor']) {
      expect(findTextModelPrice(catalog, model)).toBeUndefined();
      expect(findTextModelPrice(catalog, model)).toBeUndefined();
    }
    // Another catalog, other prices: its own answers.
    const other = createPriceCatalog({ textModels: { 'gpt-4.1-turbo': { inputUsdPerMillionTokens: 1, cachedInputUsdPerMillionTokens: null, outputUsdPerMillionTokens: 2, source: 'test', confirmed: false } } });
    expect(findTextModelPrice(other, 'gpt-4.1-turbo')?.id).toBe('gpt-4.1-turbo');
    expect(findTextModelPrice(catalog, 'gpt-4.1-turbo')).toBeUndefined();
  });
});

