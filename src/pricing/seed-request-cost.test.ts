/**
 * The product brief's seed request — gpt-4.1 with one medium jpeg image — priced by hand from the
 * catalog rows: text $2 / $8 per 1M tokens, images from the guide's per-image table.
 */
import { describe, expect, it } from 'vitest';
import { totalCost } from './cost-result.ts';
import { estimateMaxImageCost, imageCost } from './image-cost.ts';
import { formatUsd, usd } from './money.ts';
import { createPriceCatalog } from './price-catalog.ts';
import { estimateMaxTextCost, textCost } from './text-cost.ts';

const catalog = createPriceCatalog();
const text = textCost(catalog, { model: 'gpt-4.1', inputTokens: 1000, outputTokens: 200 });
const image = { quality: 'medium', size: '1024x1024', count: 1 } as const;

describe('the seed request', () => {
  it.each([
    ['gpt-image-1', '0.0456'], // 0.002 + 0.0016 + 0.042
    ['gpt-image-1.5', '0.0376'], // … + 0.034
    ['gpt-image-2', '0.0566'], // … + 0.053
  ])('gpt-4.1 text + one %s image costs $%s', (model, expected) => {
    const total = totalCost([text, imageCost(catalog, { model, ...image })]);
    expect(total).toMatchObject({ known: true, costUsd: Number(expected), unknown: [] });
    expect(total.cost).toEqual(usd(expected));
    expect(formatUsd(total.cost)).toBe(`$${expected}`);
  });

  it('with the image priced from reported tokens instead', () => {
    const byTokens = imageCost(catalog, { model: 'gpt-image-1', ...image, usage: { inputTextTokens: 50, inputImageTokens: 0, outputTokens: 1056 } });
    // 0.0036 + 50 × $5/1M + 1056 × $40/1M
    expect(totalCost([text, byTokens]).cost).toEqual(usd('0.04609'));
  });

  it('a total with an unknown part says so instead of counting it as 0', () => {
    const total = totalCost([text, imageCost(catalog, { model: 'unknown-image-model', ...image })]);
    expect(total).toMatchObject({ known: false, costUsd: 0.0036 });
    expect(total.unknown[0]).toMatchObject({ model: 'unknown-image-model', reason: 'unknown_model' });
  });

  it('a reservation for it is at least what it costs', () => {
    const reservation = totalCost([
      estimateMaxTextCost(catalog, { model: 'gpt-4.1', inputTokens: 1000, maxOutputTokens: 200 }),
      estimateMaxImageCost(catalog, { model: 'gpt-image-1', quality: 'medium', size: 'auto', count: 1 }),
    ]);
    // 0.0036 + max over sizes at medium: 1584 × $40/1M = $0.06336 (portrait, above the table's $0.063).
    expect(reservation.cost).toEqual(usd('0.06696'));
  });
});
