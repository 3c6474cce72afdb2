import { createSeededRandom, hashText } from './seeded-random.ts';

/** Colours for one composition, as `#rrggbb`. */
export interface Palette {
  /** Three stops for the background gradient, dark to light. */
  readonly backgroundStops: readonly [string, string, string];
  /** Fill colours for shapes; at least five. */
  readonly accents: ReadonlyArray<string>;
  /** A light colour for highlights in radial gradients. */
  readonly highlight: string;
  /** A dark colour for shadows and strokes. */
  readonly shadow: string;
}

interface Mood {
  readonly saturation: number;
  readonly lightness: number;
}

// A prompt that names a colour should get that colour, or the picture feels random.
const hueByWord: ReadonlyMap<string, number> = new Map([
  ['red', 0], ['crimson', 350], ['ruby', 345], ['coral', 12], ['fire', 15], ['sunset', 20],
  ['autumn', 25], ['orange', 30], ['amber', 40], ['desert', 36], ['sand', 42], ['gold', 46],
  ['golden', 46], ['yellow', 55], ['lemon', 58], ['lime', 90], ['spring', 100], ['green', 125],
  ['forest', 135], ['jungle', 140], ['mint', 150], ['emerald', 145], ['teal', 175],
  ['turquoise', 172], ['cyan', 185], ['ice', 195], ['ocean', 200], ['sea', 198], ['sky', 205],
  ['water', 205], ['blue', 220], ['navy', 230], ['indigo', 250], ['lavender', 265],
  ['violet', 270], ['purple', 280], ['magenta', 300], ['pink', 330], ['rose', 340],
]);

const moodByWord: ReadonlyMap<string, Partial<Mood>> = new Map([
  ['dark', { lightness: -0.18 }], ['night', { lightness: -0.2 }], ['midnight', { lightness: -0.22 }],
  ['noir', { lightness: -0.2, saturation: -0.3 }], ['pastel', { lightness: 0.15, saturation: -0.25 }],
  ['soft', { lightness: 0.08, saturation: -0.15 }], ['bright', { lightness: 0.1 }],
  ['neon', { saturation: 0.3 }], ['vivid', { saturation: 0.25 }], ['muted', { saturation: -0.3 }],
  ['gray', { saturation: -0.6 }], ['grey', { saturation: -0.6 }], ['monochrome', { saturation: -0.7 }],
]);

// Hue offsets of the accent colours from the base hue, one scheme per prompt.
const schemes: ReadonlyArray<ReadonlyArray<number>> = [
  [0, 25, -25, 50, -50], // analogous
  [0, 180, 20, 200, -20], // complementary
  [0, 120, 240, 30, 150], // triadic
  [0, 150, 210, 15, 195], // split complementary
];

/**
 * Derives the palette from the prompt alone, so different seeds of one prompt are variations
 * in one colour family, as they would be from a real model.
 */
export function derivePalette(prompt: string, referenceAccents: ReadonlyArray<string> = []): Palette {
  const random = createSeededRandom(hashText(`palette\u0000${prompt}`));
  const words = prompt.toLowerCase().match(/[a-z]+/g) ?? [];
  const namedHue = words.map((word) => hueByWord.get(word)).find((hue) => hue !== undefined);
  const baseHue = namedHue ?? random.between(0, 360);
  const mood = words.reduce<Mood>(
    (sum, word) => {
      const shift = moodByWord.get(word);
      return shift === undefined
        ? sum
        : { saturation: sum.saturation + (shift.saturation ?? 0), lightness: sum.lightness + (shift.lightness ?? 0) };
    },
    { saturation: random.between(-0.1, 0.1), lightness: random.between(-0.05, 0.05) },
  );
  const scheme = random.pick(schemes);
  const saturation = clamp(0.68 + mood.saturation, 0, 1);
  const lightness = (value: number): number => clamp(value + mood.lightness, 0.04, 0.96);

  const accents = scheme.map((offset, index) =>
    hslToHex(baseHue + offset + random.between(-8, 8), saturation, lightness(0.42 + index * 0.06 + random.between(-0.05, 0.05))),
  );
  const backgroundHue = baseHue + random.pick([0, 180, 200, -30]);
  return {
    backgroundStops: [
      hslToHex(backgroundHue, saturation * 0.7, lightness(0.14)),
      hslToHex(backgroundHue + 20, saturation * 0.6, lightness(0.34)),
      hslToHex(backgroundHue + 40, saturation * 0.5, lightness(0.62)),
    ],
    accents: [...referenceAccents, ...accents],
    highlight: hslToHex(baseHue + 10, saturation * 0.5, lightness(0.9)),
    shadow: hslToHex(baseHue + 200, saturation * 0.5, lightness(0.1)),
  };
}

/** Hue in degrees (any value), saturation and lightness in 0..1. */
export function hslToHex(hue: number, saturation: number, lightness: number): string {
  const h = (((hue % 360) + 360) % 360) / 360;
  const chroma = (1 - Math.abs(2 * lightness - 1)) * saturation;
  const channel = (shift: number): number => {
    const t = (((h + shift) % 1) + 1) % 1;
    const value =
      t < 1 / 6 ? 6 * t : t < 1 / 2 ? 1 : t < 2 / 3 ? (2 / 3 - t) * 6 : 0;
    return Math.round((lightness - chroma / 2 + chroma * value) * 255);
  };
  return `#${[channel(1 / 3), channel(0), channel(-1 / 3)].map((value) => value.toString(16).padStart(2, '0')).join('')}`;
}

/** `#rrggbb` for 0..255 channel values. */
export function rgbToHex(red: number, green: number, blue: number): string {
  return `#${[red, green, blue].map((value) => clamp(Math.round(value), 0, 255).toString(16).padStart(2, '0')).join('')}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
