/**
 * Images billed by generation time (self-hosted backends priced `usdPerSecond` in config): the
 * measured milliseconds × the rate, at most `maxSeconds` per image. Without a measurement (a
 * reservation, or a backend that reported none) every image is charged `maxSeconds`.
 */
import { imageLine, knownCost, type CostResult } from './cost-result.ts';
import { scaleDecimal } from './money.ts';
import type { ImageModelPrice } from './price-catalog-schema.ts';

export function perSecondImageCost(
  model: string,
  pricedAs: string,
  perSecond: NonNullable<ImageModelPrice['perSecond']>,
  entry: ImageModelPrice,
  count: number,
  generationMillisPerImage: number | undefined,
): CostResult {
  const capMillis = Math.round(perSecond.maxSeconds * 1000);
  const measured = generationMillisPerImage === undefined ? undefined : Math.max(0, Math.round(generationMillisPerImage));
  const millis = measured === undefined ? capMillis : Math.min(measured, capMillis);
  // The schema admits only prices with at most 12 decimals.
  const picoPerSecond = scaleDecimal(perSecond.usd, 12) ?? 0n;
  const picoPerImage = (picoPerSecond * BigInt(millis) + 999n) / 1000n;
  const notes = [
    measured === undefined
      ? `Priced at the most one image may take: ${perSecond.maxSeconds} s × $${perSecond.usd}/s.`
      : `${millis / 1000} s of generation × $${perSecond.usd}/s${measured > capMillis ? ` (capped at maxSeconds ${perSecond.maxSeconds}; it took ${measured / 1000} s)` : ''}.`,
  ];
  return knownCost({
    model,
    pricedAs,
    basis: 'per_image',
    lines: [imageLine(count, picoPerImage)],
    exact: measured !== undefined && measured <= capMillis,
    confirmed: perSecond.confirmed,
    nominal: entry.nominal,
    notes,
  });
}
