import { describe, expect, it } from 'vitest';
import { CompactionSeal } from './compaction-seal.ts';

const content = { summary: 'The launch is on Tuesday; support is told first.', imageIds: ['ig_1'] };

describe('CompactionSeal', () => {
  const seal = new CompactionSeal('pepper-for-tests-0123456789');

  it('opens what it sealed for the same key, and the text does not show the summary', () => {
    const sealed = seal.seal(content, 'key_a');
    expect(sealed).not.toContain('Tuesday');
    expect(Buffer.from(sealed, 'base64url').toString('utf8')).not.toContain('Tuesday');
    expect(seal.open(sealed, 'key_a')).toEqual(content);
  });

  it('seals the same content differently each time (a fresh IV)', () => {
    expect(seal.seal(content, 'key_a')).not.toBe(seal.seal(content, 'key_a'));
  });

  it('refuses another key, the key-less default, another server and any altered byte', () => {
    const sealed = seal.seal(content, 'key_a');
    expect(seal.open(sealed, 'key_b')).toBeUndefined();
    expect(seal.open(sealed, null)).toBeUndefined();
    expect(new CompactionSeal('another-pepper-0123456789').open(sealed, 'key_a')).toBeUndefined();
    const bytes = Buffer.from(sealed, 'base64url');
    for (const index of [0, 5, 20, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[index] = (altered[index] ?? 0) ^ 1;
      expect(seal.open(altered.toString('base64url'), 'key_a')).toBeUndefined();
    }
    expect(seal.open('', 'key_a')).toBeUndefined();
    expect(seal.open('not base64 at all!', 'key_a')).toBeUndefined();
  });

  it('the key-less default opens its own items', () => {
    expect(seal.open(seal.seal(content, null), null)).toEqual(content);
  });
});
