import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isPlainBase64 as isPlain } from './plain-base64.ts';

/** The definition the fast check must agree with: every character in the (url-safe too) base64 alphabet. */
const plainByDefinition = (text: string): boolean => /^[A-Za-z0-9+/=_-]*$/.test(text);

/** Characters that must never pass: they need JSON escaping, are not ASCII, or alias an alphabet byte. */
const intruders = ['"', '\\', '\n', '\r', ' ', '\u0000', '\u001f', '\u007f', 'é', '\u00ff', 'Ł' /* low byte 0x41 = 'A' */, '\u2f41', '😀', '.', '*', '\ud800'];

/** Slices of 1 MiB characters from 1.5 MiB decoded on: the long cases below are checked a slice at a time. */
const sliced = { maxScratchBytes: 1536 * 1024, sliceChars: 1024 * 1024 };

describe.each([
  ['whole', undefined],
  ['in slices', sliced],
])('isPlainBase64 (%s)', (_, limits) => {
  const isPlainBase64 = (text: string) => isPlain(text, limits);
  // Lengths around the slices and group boundaries, short and long.
  const lengths = [4, 1020, 1024, 1025, 4096, 65_537, 1024 * 1024 - 4, 1024 * 1024, 1024 * 1024 + 2, 2 * 1024 * 1024 + 3, 2_466_668];
  const base64Of = (length: number): string => randomBytes(Math.ceil((length * 3) / 4) + 3).toString('base64').replace(/=+$/, '').slice(0, length);

  it('accepts base64 of every length, padded or not, and base64url', () => {
    for (const length of lengths) {
      const text = base64Of(length);
      expect(isPlainBase64(text), `length ${length}`).toBe(true);
      expect(isPlainBase64(Buffer.from(text, 'base64').toString('base64')), `padded ${length}`).toBe(true);
      expect(isPlainBase64(text.replaceAll('+', '-').replaceAll('/', '_')), `url ${length}`).toBe(true);
    }
  });

  it('refuses a single character that needs escaping or is not ASCII, wherever it is', () => {
    for (const length of [1024, 4096, 1024 * 1024 + 8, 2 * 1024 * 1024 + 16]) {
      const text = base64Of(length);
      const places = [0, 1, 2, 3, length >> 1, 1024 * 1024 - 1, 1024 * 1024, 2 * 1024 * 1024 - 1, 2 * 1024 * 1024, length - 3, length - 2, length - 1, length].filter((at) => at <= length);
      for (const intruder of intruders) {
        for (const at of places) {
          for (const candidate of [`${text.slice(0, at)}${intruder}${text.slice(at)}`, `${text.slice(0, at)}${intruder}${text.slice(at + intruder.length)}`]) {
            expect(isPlainBase64(candidate), `${JSON.stringify(intruder)} at ${at} of ${length}`).toBe(false);
          }
        }
      }
    }
  });

  it('agrees with the definition on padding in odd places (`=` is plain anywhere, so the slow check answers)', () => {
    const text = base64Of(4096);
    for (const candidate of [`${text}=`, `${text}==`, `${text}===`, `${text.slice(0, 100)}==${text.slice(100)}`, `=${text}`, `${text.slice(0, 4093)}=`, `${text.slice(0, 4094)}"=`, `${text.slice(0, 4093)}"==`]) {
      expect(isPlainBase64(candidate), candidate.slice(-8)).toBe(plainByDefinition(candidate));
    }
  });

  it('agrees with the definition on random texts with random intruders', () => {
    let seed = 7;
    const next = (limit: number) => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed % limit;
    };
    for (let round = 0; round < 400; round++) {
      let text = base64Of(1024 + next(6000));
      const count = next(3);
      for (let index = 0; index < count; index++) {
        const at = next(text.length);
        const intruder = [...intruders, '=', '-', '_'][next(intruders.length + 3)] ?? '=';
        text = `${text.slice(0, at)}${intruder}${text.slice(at + next(2))}`;
      }
      expect(isPlainBase64(text), JSON.stringify(text.slice(0, 40))).toBe(plainByDefinition(text));
    }
  });

  it('checks short strings too', () => {
    for (const text of ['', 'A', '=', '==', 'QQ==', '"', 'A"', '"=', 'é', 'ab-_']) expect(isPlainBase64(text), text).toBe(plainByDefinition(text));
  });
});
