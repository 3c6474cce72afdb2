import { describe, expect, it } from 'vitest';
import { estimateMaxImageCost, imageCost } from './image-cost.ts';
import { createPriceCatalog } from './price-catalog.ts';

describe('flat and per-second image prices', () => {
  const catalog = createPriceCatalog({
    imageModels: {
      'local-sdxl': { perImage: null, tokenPrices: null, perSecond: { usd: 0.002, maxSeconds: 60, source: 'config', confirmed: true } },
    },
  });

  it('prices Imagen, Stability and Gemini images at one price whatever the size, exactly', () => {
    for (const [model, usd] of [['imagen-4.0-generate-001', 0.04], ['imagen-4.0-fast-generate-001', 0.02], ['imagen-4.0-ultra-generate-001', 0.06], ['stable-image-ultra', 0.08], ['stable-image-core', 0.03], ['sd3.5-large', 0.065], ['sd3-large', 0.065], ['gemini-2.5-flash-image', 0.039]] as const) {
      const cost = imageCost(catalog, { model, quality: 'high', size: '1536x640', count: 1, inputTextTokens: 0 });
      expect(cost, model).toMatchObject({ known: true, costUsd: usd, exact: true });
      expect(estimateMaxImageCost(catalog, { model, quality: 'auto', size: 'auto', count: 2, inputTextTokens: 0 }), model).toMatchObject({ known: true, costUsd: usd * 2, exact: true });
    }
  });

  it('prices Gemini native images by their reported tokens: 1290 output tokens at $30/1M = $0.0387', () => {
    const cost = imageCost(catalog, { model: 'gemini-2.5-flash-image', quality: 'medium', size: '1024x1024', count: 1, usage: { inputTextTokens: 10, inputImageTokens: 0, outputTokens: 1290 } });
    expect(cost).toMatchObject({ known: true, basis: 'tokens', costUsd: 0.038703 });
  });

  it('charges measured seconds × rate, capped at maxSeconds; a reservation holds maxSeconds', () => {
    expect(imageCost(catalog, { model: 'local-sdxl', quality: 'medium', size: '1024x1024', count: 1, usage: { inputTextTokens: 0, inputImageTokens: 0, outputTokens: 0, generationMillis: 12_500 } })).toMatchObject({
      known: true,
      costUsd: 0.025,
      exact: true,
    });
    expect(imageCost(catalog, { model: 'local-sdxl', quality: 'medium', size: '1024x1024', count: 1, usage: { inputTextTokens: 0, inputImageTokens: 0, outputTokens: 0, generationMillis: 90_000 } })).toMatchObject({
      costUsd: 0.12,
      exact: false,
    });
    expect(estimateMaxImageCost(catalog, { model: 'local-sdxl', quality: 'auto', size: 'auto', count: 1 })).toMatchObject({ known: true, costUsd: 0.12 });
  });
});
