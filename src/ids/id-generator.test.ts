import { describe, expect, it } from 'vitest';
import { randomHex, randomIdGenerator, timeOrderedHex } from './id-generator.ts';

describe('pooled random ids', () => {
  it('hands out hex of the asked length, never the same bytes twice, across many pool refills', () => {
    const seen = new Set<string>();
    for (let index = 0; index < 5_000; index += 1) {
      const hex = randomHex(16);
      expect(hex).toMatch(/^[0-9a-f]{32}$/);
      seen.add(hex);
      seen.add(randomIdGenerator('resp'));
    }
    expect(seen.size).toBe(10_000);
    expect(randomIdGenerator('msg')).toMatch(/^msg_[0-9a-f]{48}$/);
  });

  it('refuses a request larger than its pool instead of repeating bytes', () => {
    expect(() => randomHex(1 << 20)).toThrow(RangeError);
  });

  it('starts every id with the time it was minted, so ids minted later sort later', () => {
    expect(timeOrderedHex(4, Date.UTC(2026, 11, 4))).toMatch(/^01a23e59c400[0-9a-f]{8}$/);
    const before = Date.now();
    const id = randomIdGenerator('resp');
    const minted = Number.parseInt(id.slice('resp_'.length, 'resp_'.length + 12), 16);
    expect(minted).toBeGreaterThanOrEqual(before);
    expect(minted).toBeLessThanOrEqual(Date.now());
    expect(timeOrderedHex(16, before + 1) > timeOrderedHex(16, before)).toBe(true);
  });
});
