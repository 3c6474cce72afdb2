import { describe, expect, it } from 'vitest';
import { TOKENS_PER_IMAGE_PART } from '../providers/simulator/count-tokens.ts';
import { type ImageDetail, SIMULATOR_TOKENS_PER_IMAGE, maxImageInputTokens } from './image-input-tokens.ts';

const tokens = (modelId: string, width: number | undefined, height: number | undefined, detail?: ImageDetail) => maxImageInputTokens({ modelId, width, height, detail });

describe('OpenAI tile models (the vision guide’s worked examples)', () => {
  it('gpt-4o: 1024×1024 high = 765, 2048×4096 high = 1105, any size low = 85', () => {
    expect(tokens('gpt-4o', 1024, 1024, 'high')).toBe(765);
    expect(tokens('gpt-4o', 2048, 4096, 'high')).toBe(1105);
    expect(tokens('gpt-4o', 4096, 8192, 'low')).toBe(85);
  });

  it('gpt-4.1 uses the same numbers; auto and original are bounded as high; a dated id is the same model', () => {
    expect(tokens('gpt-4.1', 1024, 1024, 'auto')).toBe(765);
    expect(tokens('gpt-4.1', 1024, 1024, undefined)).toBe(765);
    expect(tokens('gpt-4.1-2025-04-14', 2048, 4096, 'original')).toBe(1105);
    expect(tokens('openai/gpt-4.1', 512, 512, 'high')).toBe(85 + 170);
  });

  it('rounds scaled sides up, as OpenAI bills 2049×513 (two tile rows: 85 + 8 × 170)', () => {
    expect(tokens('gpt-4.1', 2049, 513, 'high')).toBe(85 + 8 * 170);
  });

  it('each family has its own base and tile figures', () => {
    expect(tokens('gpt-4o-mini', 1024, 1024, 'high')).toBe(2833 + 4 * 5667);
    expect(tokens('gpt-4o-mini', 1024, 1024, 'low')).toBe(2833);
    expect(tokens('o3', 1024, 1024, 'high')).toBe(75 + 4 * 150);
    expect(tokens('gpt-5', 1024, 1024, 'high')).toBe(70 + 4 * 140);
    expect(tokens('gpt-5', 1024, 1024, 'low')).toBe(70);
    expect(tokens('computer-use-preview', 1024, 1024, 'high')).toBe(65 + 4 * 129);
  });
});

describe('OpenAI patch models', () => {
  it('gpt-4.1-mini: 1024×1024 = 1024 patches × 1.62 = 1659', () => {
    expect(tokens('gpt-4.1-mini', 1024, 1024, 'high')).toBe(1659);
  });

  it('above the 1536-patch budget the bound is the budget × multiplier (≥ the guide’s 1452 patches for 1800×2400)', () => {
    expect(tokens('gpt-4.1-mini', 1800, 2400, 'high')).toBe(Math.ceil(1536 * 1.62));
    expect(tokens('gpt-4.1-mini', 1800, 2400, 'high')).toBeGreaterThanOrEqual(Math.ceil(1452 * 1.62));
    expect(tokens('gpt-4.1-nano', 1024, 1024)).toBe(Math.ceil(1024 * 2.46));
    expect(tokens('o4-mini', 1024, 1024)).toBe(Math.ceil(1024 * 1.72));
    expect(tokens('gpt-5-mini', 320, 320)).toBe(Math.ceil(100 * 1.62));
  });

  it('low detail is not assumed cheaper where the guide gives no low figure', () => {
    expect(tokens('gpt-5-nano', 1024, 1024, 'low')).toBe(tokens('gpt-5-nano', 1024, 1024, 'high'));
  });
});

describe('unknown OpenAI models are bounded above every published formula', () => {
  it('gpt-5.4: 2,500 patches × 2.46 at high, 10,000 at original', () => {
    expect(tokens('gpt-5.4', 4000, 4000, 'high')).toBe(Math.ceil(2500 * 2.46));
    expect(tokens('gpt-5.4', 6000, 6000, 'original')).toBe(Math.ceil(10_000 * 2.46));
    for (const known of ['gpt-4o', 'gpt-4.1', 'gpt-5', 'o3', 'gpt-4.1-nano', 'o4-mini']) {
      expect(tokens('gpt-5.9-preview', 1800, 2400, 'high')).toBeGreaterThanOrEqual(tokens(known, 1800, 2400, 'high'));
    }
  });
});

describe('Anthropic', () => {
  it('1000×1000 ≈ 1334 and 1092×1092 ≈ 1590 (the vision guide’s table)', () => {
    expect(tokens('claude-sonnet-4-5-20250929', 1000, 1000)).toBe(1334);
    expect(tokens('claude-3-5-sonnet-20241022', 1092, 1092)).toBe(1590);
  });

  it('large images are resized to the model’s maximum first (1568 px / ~1,600 tokens before Opus 4.7)', () => {
    const big = tokens('claude-sonnet-4-5', 6000, 4000);
    expect(big).toBeGreaterThan(1500);
    expect(big).toBeLessThanOrEqual(1650);
    expect(tokens('claude-opus-4-1-20250805', 6000, 4000)).toBe(big);
  });

  it('Opus 4.7 and ids it cannot date allow up to 2576 px / 4,784 tokens', () => {
    const highResolution = tokens('claude-opus-4-7', 6000, 4000);
    expect(highResolution).toBeGreaterThan(4000);
    expect(highResolution).toBeLessThanOrEqual(4900);
    expect(tokens('claude-next', 6000, 4000)).toBe(highResolution);
  });
});

describe('Gemini', () => {
  it('Gemini 2.x: ≤ 384 px both sides = 258; larger images are 258 per tile', () => {
    expect(tokens('gemini-2.5-flash', 384, 384)).toBe(258);
    expect(tokens('gemini-2.0-flash', 1024, 1024)).toBe(4 * 258);
    expect(tokens('gemini-2.5-pro', 3000, 400)).toBeGreaterThanOrEqual(Math.ceil(3000 / 768) * 258);
  });

  it('Gemini 3: the default MEDIA_RESOLUTION_HIGH budget of 1120 per image; unknown versions take the larger', () => {
    expect(tokens('gemini-3-pro-preview', 4000, 3000)).toBe(1120);
    expect(tokens('gemini-flash-latest', 384, 384)).toBe(1120);
    expect(tokens('gemini-flash-latest', 4000, 3000)).toBe(tokens('gemini-2.5-flash', 4000, 3000));
  });
});

describe('other models and unknown sizes', () => {
  it('the simulator bills what it says it bills', () => {
    expect(SIMULATOR_TOKENS_PER_IMAGE).toBe(TOKENS_PER_IMAGE_PART);
    expect(tokens('simulator-repeat', 4000, 4000, 'high')).toBe(TOKENS_PER_IMAGE_PART);
  });

  it('a model of no known family gets the dearest family’s figure', () => {
    for (const known of ['gpt-4.1', 'claude-opus-4-7', 'gemini-2.5-flash', 'gpt-5.4']) {
      expect(tokens('llama3.2-vision:11b', 2000, 1500)).toBeGreaterThanOrEqual(tokens(known, 2000, 1500));
    }
  });

  it('an image of unknown size is bounded by the worst shape', () => {
    expect(tokens('gpt-4.1', undefined, undefined, 'high')).toBe(85 + 8 * 170);
    expect(tokens('gpt-4.1', undefined, undefined, 'high')).toBeGreaterThanOrEqual(tokens('gpt-4.1', 2048, 4096, 'high'));
    expect(tokens('claude-sonnet-4-5', undefined, 100)).toBeGreaterThanOrEqual(tokens('claude-sonnet-4-5', 1092, 1092));
  });
});
