import { describe, expect, it } from 'vitest';
import { parseImageSize } from './image-size.ts';

describe('parseImageSize', () => {
  it('parses auto and WIDTHxHEIGHT', () => {
    expect(parseImageSize('auto')).toBe('auto');
    expect(parseImageSize('1536x1024')).toEqual({ widthPixels: 1536, heightPixels: 1024 });
    expect(parseImageSize('16x3840')).toEqual({ widthPixels: 16, heightPixels: 3840 });
  });

  it.each(['999', '', 'AUTO', '1024X1024', '1024x', 'x1024', '1024 x 1024', '15x1024', '1024x3841', '-16x16', '1024x1024x3'])(
    'rejects %j',
    (size) => {
      expect(parseImageSize(size)).toBeUndefined();
    },
  );
});
