import { describe, expect, it } from 'vitest';
import { splitUsage } from './generate-images.ts';

describe('splitUsage', () => {
  it('splits evenly, remainders to the first images, parts adding up to the whole', () => {
    const parts = splitUsage({ inputTokens: 11, inputTextTokens: 7, inputImageTokens: 4, outputTokens: 301 }, 3);
    expect(parts.map((part) => part?.outputTokens)).toEqual([101, 100, 100]);
    expect(parts.map((part) => part?.inputTextTokens)).toEqual([3, 2, 2]);
    expect(parts.map((part) => part?.inputImageTokens)).toEqual([2, 1, 1]);
    expect(parts.map((part) => part?.inputTokens)).toEqual([5, 3, 3]);
  });

  it('splits the text part of the output too, and keeps the per-image generation time', () => {
    const parts = splitUsage({ inputTokens: 4, inputTextTokens: 4, inputImageTokens: 0, outputTokens: 2300, outputTextTokens: 201, generationMillis: 1500 }, 2);
    expect(parts.map((part) => part?.outputTextTokens)).toEqual([101, 100]);
    expect(parts.map((part) => part?.generationMillis)).toEqual([1500, 1500]);
  });

  it('no usage: one undefined per image', () => {
    expect(splitUsage(undefined, 2)).toEqual([undefined, undefined]);
  });
});
