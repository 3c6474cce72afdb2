import { describe, expect, it } from 'vitest';
import { estimateUsage, inputImageTokens, outputTokensPerImage } from './estimate-usage.ts';

describe('outputTokensPerImage', () => {
  it.each([
    ['low', 1024, 1024, 272],
    ['low', 1024, 1536, 408],
    ['low', 1536, 1024, 400],
    ['medium', 1024, 1024, 1056],
    ['medium', 1024, 1536, 1584],
    ['medium', 1536, 1024, 1568],
    ['high', 1024, 1024, 4160],
    ['high', 1024, 1536, 6240],
    ['high', 1536, 1024, 6208],
  ] as const)('matches OpenAI for %s %ix%i', (quality, width, height, tokens) => {
    expect(outputTokensPerImage(quality, { width, height })).toBe(tokens);
  });

  it('scales other sizes by area at the rate of their orientation', () => {
    expect(outputTokensPerImage('medium', { width: 512, height: 512 })).toBe(264);
    expect(outputTokensPerImage('high', { width: 2048, height: 1024 })).toBe(Math.round((6208 * 4) / 3));
    expect(outputTokensPerImage('low', { width: 1, height: 1 })).toBe(1);
  });
});

describe('inputImageTokens', () => {
  it('tiles at 512px after scaling the shortest side to 512', () => {
    expect(inputImageTokens({ width: 1024, height: 1024 })).toBe(65 + 129);
    expect(inputImageTokens({ width: 1024, height: 1536 })).toBe(65 + 129 * 2);
    expect(inputImageTokens({ width: 4096, height: 1024 })).toBe(65 + 129 * 4);
    expect(inputImageTokens({ width: 100, height: 100 })).toBe(65 + 129);
  });
});

describe('estimateUsage', () => {
  it('adds text, input images, outputs and partial images', () => {
    const usage = estimateUsage({
      prompt: 'twelve chars',
      inputImageSizes: [{ width: 1024, height: 1024 }],
      quality: 'low',
      outputSize: { width: 1024, height: 1024 },
      imageCount: 2,
      partialImages: 1,
    });
    expect(usage).toEqual({ inputTokens: 3 + 194, inputImageTokens: 194, inputTextTokens: 3, outputTokens: 2 * (272 + 100) });
  });
});
