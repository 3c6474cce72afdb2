import { describe, expect, it } from 'vitest';
import { sniffImageMediaType } from './sniff-image-media-type.ts';

describe('sniffImageMediaType', () => {
  it.each([
    [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0], 'image/png'],
    [[0xff, 0xd8, 0xff, 0xe0], 'image/jpeg'],
    [[...Buffer.from('GIF89a')], 'image/gif'],
    [[...Buffer.from('GIF87a')], 'image/gif'],
    [[...Buffer.from('RIFF'), 1, 2, 3, 4, ...Buffer.from('WEBPVP8 ')], 'image/webp'],
    [[...Buffer.from('RIFF'), 1, 2, 3, 4, ...Buffer.from('WAVE')], undefined],
    [[0x89, 0x50], undefined],
    [[], undefined],
    [[...Buffer.from('<svg')], undefined],
  ])('%j -> %s', (bytes, expected) => {
    expect(sniffImageMediaType(Uint8Array.from(bytes))).toBe(expected);
  });
});
