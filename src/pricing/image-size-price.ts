/**
 * The output price of one image from a model's quality × size table.
 *
 * Sizes missing from the table (gpt-image-2 takes any WIDTHxHEIGHT) are priced only for models
 * marked `customSizes: 'scaleByArea'`: the table row of the nearest orientation — the listed
 * size whose aspect ratio is closest on a log scale, the dearest per pixel on a tie — scaled by
 * pixel area and rounded up to the pico-dollar. It is an approximation (the guide warns that "a
 * larger non-square resolution can sometimes produce fewer output tokens"), so it is marked inexact.
 * Models marked `customSizes: 'flat'` charge one price per quality whatever the size.
 */
import { imageSizePattern, type ImageModelPrice } from './price-catalog-schema.ts';
import { scaleDecimal } from './money.ts';

export interface PerImagePrice {
  readonly picoUsd: bigint;
  /** The table's quality key that priced it (after quality aliases). */
  readonly quality: string;
  readonly size: string;
  /** The listed size scaled to `size`, when `size` is not in the table. */
  readonly scaledFrom: string | undefined;
}

export type PerImagePriceLookup =
  | { readonly found: true; readonly price: PerImagePrice }
  | { readonly found: false; readonly reason: 'unpriced_quality' | 'unpriced_size'; readonly message: string };

export interface ImageDimensions {
  readonly width: number;
  readonly height: number;
}

export function parseImageSize(size: string): ImageDimensions | undefined {
  const match = imageSizePattern.exec(size);
  if (match === null) return undefined;
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** The table's quality key for `quality` (itself or through `qualityAliases`), if priced. */
export function qualityKeyOf(entry: ImageModelPrice, quality: string): string | undefined {
  const table = entry.perImage?.usd ?? {};
  if (Object.hasOwn(table, quality)) return quality;
  const alias = Object.hasOwn(entry.qualityAliases, quality) ? entry.qualityAliases[quality] : undefined;
  return alias !== undefined && Object.hasOwn(table, alias) ? alias : undefined;
}

/** Every quality key of the table: what `auto` may turn out to be. */
export function allQualityKeys(entry: ImageModelPrice): string[] {
  return Object.keys(entry.perImage?.usd ?? {});
}

/** Every listed size of one quality: what `auto` size may turn out to be. */
export function listedSizes(entry: ImageModelPrice, qualityKey: string): string[] {
  return Object.keys(entry.perImage?.usd[qualityKey] ?? {});
}

export function perImagePrice(entry: ImageModelPrice, quality: string, size: string): PerImagePriceLookup {
  const qualityKey = qualityKeyOf(entry, quality);
  const row = qualityKey === undefined ? undefined : entry.perImage?.usd[qualityKey];
  if (qualityKey === undefined || row === undefined) {
    return { found: false, reason: 'unpriced_quality', message: `No per-image price for quality '${quality}'.` };
  }
  const listed = Object.hasOwn(row, size) ? row[size] : undefined;
  if (listed !== undefined) return { found: true, price: { picoUsd: picoUsdOf(listed), quality: qualityKey, size, scaledFrom: undefined } };

  if (entry.customSizes === 'flat') {
    // One price whatever the size (Imagen, Stability, Gemini images up to their listed size).
    const dearest = Object.entries(row).reduce<[string, number] | undefined>((best, next) => (best === undefined || next[1] > best[1] ? next : best), undefined);
    if (dearest !== undefined) return { found: true, price: { picoUsd: picoUsdOf(dearest[1]), quality: qualityKey, size, scaledFrom: undefined } };
  }
  const dimensions = parseImageSize(size);
  if (entry.customSizes !== 'scaleByArea' || dimensions === undefined) {
    return { found: false, reason: 'unpriced_size', message: `No per-image price for size '${size}' at quality '${qualityKey}'.` };
  }
  const nearest = nearestOrientation(row, dimensions);
  if (nearest === undefined) {
    return { found: false, reason: 'unpriced_size', message: `No listed size to scale '${size}' from.` };
  }
  const area = BigInt(dimensions.width * dimensions.height);
  const listedArea = BigInt(nearest.dimensions.width * nearest.dimensions.height);
  const picoUsd = ceilDivide(nearest.picoUsd * area, listedArea);
  return { found: true, price: { picoUsd, quality: qualityKey, size, scaledFrom: nearest.size } };
}

interface ListedSize {
  readonly size: string;
  readonly dimensions: ImageDimensions;
  readonly picoUsd: bigint;
}

function nearestOrientation(row: Readonly<Record<string, number>>, target: ImageDimensions): ListedSize | undefined {
  const targetRatio = Math.log(target.width / target.height);
  let best: { listed: ListedSize; distance: number } | undefined;
  for (const [size, usd] of Object.entries(row)) {
    const dimensions = parseImageSize(size);
    if (dimensions === undefined) continue;
    const listed = { size, dimensions, picoUsd: picoUsdOf(usd) };
    const distance = Math.abs(Math.log(dimensions.width / dimensions.height) - targetRatio);
    if (best === undefined || distance < best.distance || (distance === best.distance && dearerPerPixel(listed, best.listed))) {
      best = { listed, distance };
    }
  }
  return best?.listed;
}

function dearerPerPixel(left: ListedSize, right: ListedSize): boolean {
  // a/b > c/d  ⇔  a·d > c·b for positive areas; stays in integers.
  const leftArea = BigInt(left.dimensions.width * left.dimensions.height);
  const rightArea = BigInt(right.dimensions.width * right.dimensions.height);
  return left.picoUsd * rightArea > right.picoUsd * leftArea;
}

function picoUsdOf(usd: number): bigint {
  const pico = scaleDecimal(usd, 12);
  // The schema admits only prices with at most 12 decimals.
  if (pico === undefined) throw new RangeError(`Price finer than 1e-12 USD: ${usd}`);
  return pico;
}

function ceilDivide(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}
