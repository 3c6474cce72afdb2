import { describe, expect, it } from 'vitest';
import { addMoney, compareMoney, formatUsd, multiplyMoney, roundToMicroUsd, scaleDecimal, sumMoney, toExactUsdString, toUsdNumber, usd, zeroUsd } from './money.ts';

describe('usd and scaleDecimal', () => {
  it('reads decimals exactly, numbers through their shortest form', () => {
    expect(usd('0.042').picoUsd).toBe(42_000_000_000n);
    expect(usd(0.1).picoUsd + usd(0.2).picoUsd).toBe(usd(0.3).picoUsd);
    expect(usd(1e-7).picoUsd).toBe(100_000n);
    expect(scaleDecimal('1.5e+3', 0)).toBe(1500n);
    expect(scaleDecimal(-2.5, 1)).toBe(-25n);
  });

  it('refuses what it cannot hold exactly', () => {
    expect(() => usd('0.0000000000001')).toThrow(RangeError);
    expect(() => usd(Number.NaN)).toThrow(RangeError);
    expect(() => usd('1,5')).toThrow(RangeError);
    expect(scaleDecimal(0.0000001, 6)).toBeUndefined();
    expect(scaleDecimal('1e999999', 12)).toBeUndefined();
  });
});

describe('exact sums', () => {
  it('adds a million micro-dollars to exactly one dollar', () => {
    const amounts = Array.from({ length: 1_000_000 }, () => usd('0.000001'));
    const total = sumMoney(amounts);
    expect(total.picoUsd).toBe(usd(1).picoUsd);
    expect(toUsdNumber(total)).toBe(1);
    expect(formatUsd(total)).toBe('$1.00');
  });

  it('adds a million sub-micro costs exactly (where floats drift)', () => {
    // One gpt-5-nano cached token: $0.005 per 1M tokens.
    const oneToken = usd('0.000000005');
    let float = 0;
    for (let index = 0; index < 1_000_000; index += 1) float += 0.000000005;
    expect(float).not.toBe(0.005);
    expect(sumMoney(Array.from({ length: 1_000_000 }, () => oneToken))).toEqual(usd('0.005'));
    expect(multiplyMoney(oneToken, 1_000_000)).toEqual(usd('0.005'));
  });

  it('compares and adds', () => {
    expect(addMoney(usd('0.0036'), usd('0.042'))).toEqual(usd('0.0456'));
    expect(compareMoney(usd(1), usd('0.999999999999'))).toBe(1);
    expect(compareMoney(zeroUsd, usd(0))).toBe(0);
    expect(() => multiplyMoney(usd(1), 1.5)).toThrow(RangeError);
  });
});

describe('rounding', () => {
  it('rounds to micro-dollars half away from zero for the wire', () => {
    expect(toUsdNumber(usd('0.0000005'))).toBe(0.000001);
    expect(toUsdNumber(usd('0.000000499999'))).toBe(0);
    expect(toUsdNumber(usd('-0.0000005'))).toBe(-0.000001);
    expect(toUsdNumber(usd('0.04224'))).toBe(0.04224);
    expect(toUsdNumber(usd('0.051356689454'))).toBe(0.051357);
  });

  it('rounds up on request, never down', () => {
    expect(roundToMicroUsd(usd('0.000000000001'), 'up')).toBe(1);
    expect(roundToMicroUsd(usd('0.000000000001'))).toBe(0);
    expect(roundToMicroUsd(usd('-0.0000019'), 'up')).toBe(-1);
    expect(roundToMicroUsd(usd('12.345678'), 'up')).toBe(12_345_678);
  });

  it('formats for people', () => {
    expect(formatUsd(usd('0.04224'))).toBe('$0.04224');
    expect(formatUsd(usd('1234.5'))).toBe('$1,234.50');
    expect(formatUsd(zeroUsd)).toBe('$0.00');
    expect(formatUsd(usd('0.0000015'))).toBe('$0.000002');
    expect(formatUsd(usd('0.0000001'))).toBe('<$0.000001');
    expect(formatUsd(usd('-0.5'))).toBe('-$0.50');
  });

  it('serialises exactly, without throwing on bigint', () => {
    expect(JSON.stringify({ cost: usd('0.000000005') })).toBe('{"cost":"0.000000005"}');
    expect(toExactUsdString(usd('-1.5'))).toBe('-1.5');
    expect(toExactUsdString(zeroUsd)).toBe('0');
    expect(usd(toExactUsdString(usd('0.051356689454')))).toEqual(usd('0.051356689454'));
  });
});
