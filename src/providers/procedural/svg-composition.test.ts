import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { derivePalette, hslToHex } from './palette.ts';
import { partialDivisor } from './partial-images.ts';
import { buildCompositionSvg, type CompositionOptions } from './svg-composition.ts';

const options = (overrides: Partial<CompositionOptions> = {}): CompositionOptions => ({
  prompt: 'a quiet harbour',
  palette: derivePalette('a quiet harbour'),
  seed: 0,
  width: 300,
  height: 200,
  detail: 'medium',
  backdrop: { kind: 'gradient' },
  shapeOpacity: 1,
  ...overrides,
});

describe('buildCompositionSvg', () => {
  it('is a pure function of its options and renders at its nominal size', async () => {
    const svg = buildCompositionSvg(options());
    expect(buildCompositionSvg(options())).toBe(svg);
    expect(buildCompositionSvg(options({ seed: 1 }))).not.toBe(svg);
    const metadata = await sharp(Buffer.from(svg)).metadata();
    expect([metadata.width, metadata.height]).toEqual([300, 200]);
  });

  it('draws more shapes at higher detail', () => {
    const shapes = (svg: string): number => (svg.match(/<(path|circle|polygon)\b/g) ?? []).length;
    const [low, medium, high] = (['low', 'medium', 'high'] as const).map((detail) => shapes(buildCompositionSvg(options({ detail }))));
    expect(low).toBeLessThan(medium as number);
    expect(medium).toBeLessThan(high as number);
  });
});

describe('derivePalette', () => {
  it('follows a colour named in the prompt', () => {
    const red = derivePalette('a red barn');
    const blue = derivePalette('a blue barn');
    expect(red.accents[0]).not.toBe(blue.accents[0]);
    const [r, g, b] = [1, 3, 5].map((index) => Number.parseInt(red.accents[0]?.slice(index, index + 2) ?? '', 16));
    expect(r).toBeGreaterThan(g as number);
    expect(r).toBeGreaterThan(b as number);
  });

  it('puts reference colours first', () => {
    expect(derivePalette('x', ['#123456']).accents[0]).toBe('#123456');
  });
});

describe('hslToHex', () => {
  it.each([
    [0, 1, 0.5, '#ff0000'],
    [120, 1, 0.5, '#00ff00'],
    [240, 1, 0.5, '#0000ff'],
    [60, 1, 0.5, '#ffff00'],
    [-120, 1, 0.5, '#0000ff'],
    [0, 0, 0.5, '#808080'],
  ])('hsl(%i, %f, %f) is %s', (hue, saturation, lightness, hex) => {
    expect(hslToHex(hue, saturation, lightness)).toBe(hex);
  });
});

describe('partialDivisor', () => {
  it('shrinks toward full resolution and never below one pixel', () => {
    const divisors = [0, 1, 2].map((index) => partialDivisor(index, 3, 1024));
    expect(divisors[0]).toBeGreaterThan(divisors[1] as number);
    expect(divisors[1]).toBeGreaterThan(divisors[2] as number);
    expect(divisors[2]).toBeGreaterThan(1);
    expect(partialDivisor(0, 3, 4)).toBe(4);
  });
});
