import { describe, expect, it } from 'vitest';
import { pickImageSizeTier } from './gemini-image-size.ts';

describe('pickImageSizeTier', () => {
  const all = ['1K', '2K', '4K'] as const;

  it('stays on the default 1K (sends nothing) up to about a megapixel', () => {
    expect(pickImageSizeTier({ width: 1024, height: 1024 }, all)).toBeUndefined();
    expect(pickImageSizeTier({ width: 1088, height: 1024 }, all)).toBeUndefined();
    expect(pickImageSizeTier(undefined, all)).toBeUndefined();
  });

  it('goes up to the smallest tier that needs no upscaling', () => {
    expect(pickImageSizeTier({ width: 1024, height: 1536 }, all)).toBe('2K');
    expect(pickImageSizeTier({ width: 3840, height: 2160 }, all)).toBe('4K');
  });

  it('takes the largest tier offered when none is big enough, and nothing for 1K-only models', () => {
    expect(pickImageSizeTier({ width: 3840, height: 2160 }, ['1K', '2K'])).toBe('2K');
    expect(pickImageSizeTier({ width: 3840, height: 2160 }, [])).toBeUndefined();
  });
});
