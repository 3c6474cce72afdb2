/**
 * What a cost calculation answers: an exact amount with its breakdown, or an honest "unknown".
 * An unknown price is never reported as 0.
 */
import { Money, scaleDecimal, sumMoney, toUsdNumber } from './money.ts';

export type CostBasis = 'tokens' | 'per_image';

export type CostLineItem =
  | 'input'
  | 'cached_input'
  | 'cache_write_input'
  | 'output'
  | 'text_input'
  | 'text_cached_input'
  | 'image_input'
  | 'image_cached_input'
  | 'text_output'
  | 'image_output'
  | 'image'
  | 'partial_images';

export interface CostLine {
  readonly item: CostLineItem;
  /** Tokens, or images for `item: 'image'`. */
  readonly quantity: number;
  readonly unit: 'token' | 'image';
  /** The rate applied to tokens. */
  readonly usdPerMillionTokens?: number;
  /** The price of one image (after area scaling, if any). */
  readonly usdPerImage?: number;
  readonly cost: Money;
  /** `cost` rounded to 6 decimals; lines are rounded one by one, so they may not add up to `costUsd` to the last µ$. */
  readonly costUsd: number;
}

export interface KnownCost {
  readonly known: true;
  /** The model as asked for. */
  readonly model: string;
  /** The catalog id that priced it (after alias or dated-snapshot matching). */
  readonly pricedAs: string;
  readonly basis: CostBasis;
  /** The exact sum of `breakdown`. */
  readonly cost: Money;
  /** `cost` rounded half away from zero to 6 decimals: the number for the wire. */
  readonly costUsd: number;
  readonly breakdown: ReadonlyArray<CostLine>;
  /**
   * False when a rule stood in for a missing figure: a custom size scaled by area, `auto` priced
   * as the dearest option, cached tokens charged at the uncached rate. `notes` says which.
   */
  readonly exact: boolean;
  /** Every price used was read on an official provider page. */
  readonly confirmed: boolean;
  /** Made-up prices of an offline backend (simulator, procedural). */
  readonly nominal: boolean;
  readonly notes: ReadonlyArray<string>;
}

export type UnknownCostReason =
  | 'unknown_model'
  | 'missing_price'
  | 'unpriced_quality'
  | 'unpriced_size'
  | 'no_output_limit'
  | 'invalid_usage';

export interface UnknownCost {
  readonly known: false;
  readonly model: string;
  readonly reason: UnknownCostReason;
  readonly message: string;
}

export type CostResult = KnownCost | UnknownCost;

export function unknownCost(model: string, reason: UnknownCostReason, message: string): UnknownCost {
  return { known: false, model, reason, message };
}

export function tokenLine(item: CostLineItem, tokens: number, usdPerMillionTokens: number): CostLine {
  const cost = Money.fromPicoUsd(picoUsdPerToken(usdPerMillionTokens) * BigInt(tokens));
  return { item, quantity: tokens, unit: 'token', usdPerMillionTokens, cost, costUsd: toUsdNumber(cost) };
}

/**
 * Each rate seen, in pico-dollars per token: read from its decimal form once, not for every cost
 * line (a regular expression and two bigints a line, a few lines a model step). Rates come from
 * the catalog and the config (a few dozen); past `MAX_CACHED_RATES` they are just not kept.
 */
const picoUsdPerTokenByRate = new Map<number, bigint>();
const MAX_CACHED_RATES = 4096;

function picoUsdPerToken(usdPerMillionTokens: number): bigint {
  const cached = picoUsdPerTokenByRate.get(usdPerMillionTokens);
  if (cached !== undefined) return cached;
  const scaled = scaleDecimal(usdPerMillionTokens, 6);
  // The catalog schema admits only rates with at most 6 decimals, so this cannot happen for catalog data.
  if (scaled === undefined) throw new RangeError(`Rate finer than 1e-6 USD per 1M tokens: ${usdPerMillionTokens}`);
  if (picoUsdPerTokenByRate.size < MAX_CACHED_RATES) picoUsdPerTokenByRate.set(usdPerMillionTokens, scaled);
  return scaled;
}

export function imageLine(images: number, picoUsdPerImage: bigint): CostLine {
  const cost = Money.fromPicoUsd(picoUsdPerImage * BigInt(images));
  // Informational only: the exact figure is `cost`; the division is the double nearest the price.
  const usdPerImage = Number(picoUsdPerImage) / 1e12;
  return { item: 'image', quantity: images, unit: 'image', usdPerImage, cost, costUsd: toUsdNumber(cost) };
}

export interface KnownCostParts {
  readonly model: string;
  readonly pricedAs: string;
  readonly basis: CostBasis;
  readonly lines: ReadonlyArray<CostLine>;
  readonly exact: boolean;
  readonly confirmed: boolean;
  readonly nominal: boolean;
  readonly notes: ReadonlyArray<string>;
}

export function knownCost(parts: KnownCostParts): KnownCost {
  const cost = sumMoney(parts.lines.map((line) => line.cost));
  return {
    known: true,
    model: parts.model,
    pricedAs: parts.pricedAs,
    basis: parts.basis,
    cost,
    costUsd: toUsdNumber(cost),
    breakdown: parts.lines,
    exact: parts.exact,
    confirmed: parts.confirmed,
    nominal: parts.nominal,
    notes: parts.notes,
  };
}

export interface CostTotal {
  /** The exact sum of the known costs. */
  readonly cost: Money;
  readonly costUsd: number;
  /** False when any part is unknown: `cost` is then a lower bound, never the price. */
  readonly known: boolean;
  readonly unknown: ReadonlyArray<UnknownCost>;
}

/** Adds the costs of one response (text steps, image calls) exactly, before any rounding. */
export function totalCost(results: Iterable<CostResult>): CostTotal {
  const known: Money[] = [];
  const unknown: UnknownCost[] = [];
  for (const result of results) {
    if (result.known) known.push(result.cost);
    else unknown.push(result);
  }
  const cost = sumMoney(known);
  return { cost, costUsd: toUsdNumber(cost), known: unknown.length === 0, unknown };
}
