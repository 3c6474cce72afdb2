/**
 * Exact money. Amounts are integers of pico-dollars (1e-12 USD) held as `bigint`, because one
 * token can cost less than a micro-dollar (gpt-5-nano cached input: $0.005 per 1M tokens is
 * $0.000000005 a token) and a budget must not drift when millions of such costs are added up.
 * Any price quoted with at most 6 decimals per 1M tokens, or 12 decimals per image, is exact.
 *
 * Rounding happens only when an amount leaves this module: to micro-dollars (1e-6 USD), half away
 * from zero, for the wire (`toUsdNumber`) and display (`formatUsd`); `roundToMicroUsd(…, 'up')`
 * rounds towards +infinity for callers that must never under-charge.
 */

/**
 * An exact amount of US dollars. A class only so that `JSON.stringify` (logs, stored rows) gets
 * the exact decimal string instead of throwing on a `bigint`.
 */
export class Money {
  private constructor(
    /** The amount in pico-dollars (1e-12 USD). */
    readonly picoUsd: bigint,
  ) {
    Object.freeze(this);
  }

  static fromPicoUsd(picoUsd: bigint): Money {
    return new Money(picoUsd);
  }

  /** The exact amount as a decimal string of dollars, e.g. `"0.000000005"`; `usd()` reads it back. */
  toJSON(): string {
    return toExactUsdString(this);
  }
}

const PICO_DIGITS = 12;
const PICO_PER_USD = 1_000_000_000_000n;
const PICO_PER_MICRO = 1_000_000n;
const MICRO_PER_USD = 1_000_000n;
/** Bounds of a micro-dollar amount that stays a safe integer, made once (several amounts a request). */
const MAX_SAFE_MICRO = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE_MICRO = BigInt(Number.MIN_SAFE_INTEGER);

export const zeroUsd: Money = Money.fromPicoUsd(0n);

/** Every digit, no rounding: `"0.04224"`, `"-1.5"`, `"0"`. */
export function toExactUsdString(amount: Money): string {
  const negative = amount.picoUsd < 0n;
  const absolute = negative ? -amount.picoUsd : amount.picoUsd;
  const fraction = (absolute % PICO_PER_USD).toString().padStart(PICO_DIGITS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${absolute / PICO_PER_USD}${fraction === '' ? '' : `.${fraction}`}`;
}

/**
 * `value` × 10^`scaleDigits` as an exact integer, or undefined when the decimal has more digits
 * than the scale can hold. Numbers are read through their shortest decimal form (`String(0.1)`
 * is `"0.1"`), so `0.1` means exactly one tenth, never the binary float's tail.
 */
export function scaleDecimal(value: number | string, scaleDigits: number): bigint | undefined {
  if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
  const match = /^([+-])?(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(String(value).trim());
  if (match === null) return undefined;
  const [, sign, whole = '', fraction = '', exponentText = '0'] = match;
  const digits = BigInt(whole + fraction);
  const shift = Number(exponentText) - fraction.length + scaleDigits;
  // A string like "1e999999" would build an enormous bigint; no price is anywhere near.
  if (Math.abs(shift) > 400) return undefined;
  let scaled: bigint;
  if (shift >= 0) {
    scaled = digits * 10n ** BigInt(shift);
  } else {
    const divisor = 10n ** BigInt(-shift);
    if (digits % divisor !== 0n) return undefined;
    scaled = digits / divisor;
  }
  return sign === '-' ? -scaled : scaled;
}

/** An exact amount from a decimal number of dollars, e.g. `usd('0.042')`; throws if finer than 1e-12. */
export function usd(value: number | string): Money {
  const picoUsd = scaleDecimal(value, PICO_DIGITS);
  if (picoUsd === undefined) throw new RangeError(`Not an exact USD amount (at most 12 decimals): ${String(value)}`);
  return Money.fromPicoUsd(picoUsd);
}

export function addMoney(left: Money, right: Money): Money {
  return Money.fromPicoUsd(left.picoUsd + right.picoUsd);
}

export function sumMoney(amounts: Iterable<Money>): Money {
  let picoUsd = 0n;
  for (const amount of amounts) picoUsd += amount.picoUsd;
  return Money.fromPicoUsd(picoUsd);
}

/** `amount` × an integer `factor` (a count of tokens or images). */
export function multiplyMoney(amount: Money, factor: number | bigint): Money {
  return Money.fromPicoUsd(amount.picoUsd * toBigInt(factor));
}

export function compareMoney(left: Money, right: Money): -1 | 0 | 1 {
  return left.picoUsd < right.picoUsd ? -1 : left.picoUsd > right.picoUsd ? 1 : 0;
}


/**
 * Whole micro-dollars (1e-6 USD). `nearest` rounds half away from zero (the wire rule);
 * `up` rounds towards +infinity, for charges that must never fall short.
 */
export function roundToMicroUsd(amount: Money, mode: 'nearest' | 'up' = 'nearest'): number {
  const micro = microUsdOf(amount, mode);
  if (micro > MAX_SAFE_MICRO || micro < MIN_SAFE_MICRO) {
    throw new RangeError(`Amount too large for a safe integer of micro-dollars: ${micro} µ$`);
  }
  return Number(micro);
}

/** Dollars for the wire: rounded half away from zero to 6 decimals, e.g. `0.04224`. */
export function toUsdNumber(amount: Money): number {
  // An integer divided by 1e6 is the double nearest to the 6-decimal value, so it prints exactly.
  return roundToMicroUsd(amount) / 1_000_000;
}

/**
 * For people: `$0.04224`, `$1,234.50`, `$0.00`. Rounded like `toUsdNumber`, at least 2 and at most
 * 6 decimals; a non-zero amount that rounds to zero shows as `<$0.000001` rather than `$0.00`.
 */
export function formatUsd(amount: Money): string {
  const micro = microUsdOf(amount, 'nearest');
  if (micro === 0n && amount.picoUsd !== 0n) return amount.picoUsd > 0n ? '<$0.000001' : '>-$0.000001';
  const negative = micro < 0n;
  const absolute = negative ? -micro : micro;
  const whole = (absolute / MICRO_PER_USD).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const fraction = (absolute % MICRO_PER_USD).toString().padStart(6, '0').replace(/0{1,4}$/, '');
  return `${negative ? '-' : ''}$${whole}.${fraction}`;
}

function microUsdOf(amount: Money, mode: 'nearest' | 'up'): bigint {
  const pico = amount.picoUsd;
  const quotient = pico / PICO_PER_MICRO; // truncates towards zero
  const remainder = pico % PICO_PER_MICRO;
  if (remainder === 0n) return quotient;
  if (mode === 'up') return remainder > 0n ? quotient + 1n : quotient;
  const absoluteRemainder = remainder < 0n ? -remainder : remainder;
  if (absoluteRemainder * 2n < PICO_PER_MICRO) return quotient;
  return remainder > 0n ? quotient + 1n : quotient - 1n;
}

function toBigInt(factor: number | bigint): bigint {
  if (typeof factor === 'bigint') return factor;
  if (!Number.isSafeInteger(factor)) throw new RangeError(`Not a whole count: ${factor}`);
  return BigInt(factor);
}
