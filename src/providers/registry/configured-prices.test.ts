import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/load-config.ts';
import { configuredPrices, withConfiguredPrices } from './configured-prices.ts';

const ollama = { type: 'openai-compatible', preset: 'ollama' } as const;

describe('configured prices', () => {
  it('refuses a price for a model id the shipped catalog already prices (it would reprice that model everywhere)', () => {
    const config = parseConfig({ providers: { ollama }, models: { local: { provider: 'ollama', model: 'gpt-4.1', price: { free: true } } } });
    expect(() => configuredPrices(config, () => 'unused')).toThrow("models.local.price: the model id 'gpt-4.1' already has a catalog price");
  });

  it('refuses two routes reporting one model id at different prices, and one id priced in both places', () => {
    const config = parseConfig({
      providers: { ollama },
      models: {
        a: { provider: 'ollama', model: 'llama3.1:8b', price: { free: true } },
        b: { provider: 'ollama', model: 'llama3.1:8b', price: { inputUsdPerMillionTokens: 1, outputUsdPerMillionTokens: 1 } },
      },
    });
    expect(() => configuredPrices(config, () => 'unused')).toThrow("models.b.price: another route reports the same model id 'llama3.1:8b' with a different price");
    const same = parseConfig({ providers: { ollama: { ...ollama, price: { free: true } } }, models: { a: { provider: 'ollama', model: 'llama3.1:8b' }, b: { provider: 'ollama', model: 'llama3.1:8b' } } });
    const prices = configuredPrices(same, () => 'unused');
    expect(Object.keys(prices.textModels)).toEqual(['llama3.1:8b']);
    const overrides = { textModels: { 'llama3.1:8b': { inputUsdPerMillionTokens: 1, cachedInputUsdPerMillionTokens: null, outputUsdPerMillionTokens: 1, source: 'x', confirmed: false } } };
    expect(() => withConfiguredPrices(overrides, prices)).toThrow('pricing.overrides.textModels.llama3.1:8b: also priced by a route');
    expect(withConfiguredPrices(undefined, { textModels: {}, imageModels: {} })).toBeUndefined();
  });
});
