import type { Palette } from './palette.ts';
import { createSeededRandom, hashText, type SeededRandom } from './seeded-random.ts';
import { blobPath, curvePath, formatNumber, polygonPoints, wavePath } from './svg-shapes.ts';

export type CompositionDetail = 'low' | 'medium' | 'high';

/** What sits behind the shapes. */
export type CompositionBackdrop =
  | { readonly kind: 'gradient' }
  /** Nothing: background pixels stay fully transparent, shapes keep a margin from the edges. */
  | { readonly kind: 'none' }
  /** A translucent wash of the palette's first accent, for edits. */
  | { readonly kind: 'tint'; readonly opacity: number };

export interface CompositionOptions {
  readonly prompt: string;
  readonly palette: Palette;
  /** Already specific to one image of the call (seed plus image index). */
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  readonly detail: CompositionDetail;
  readonly backdrop: CompositionBackdrop;
  /** Multiplies every shape's opacity; 1 for generations, lower so an edit keeps its base. */
  readonly shapeOpacity: number;
}

interface ShapeCounts {
  readonly waves: number;
  readonly blobs: number;
  readonly spheres: number;
  readonly polygons: number;
  readonly curves: number;
  readonly dots: number;
}

// Quality buys detail, like it buys output tokens upstream; kept small for render speed.
const countsByDetail: Readonly<Record<CompositionDetail, ShapeCounts>> = {
  low: { waves: 1, blobs: 2, spheres: 2, polygons: 1, curves: 0, dots: 0 },
  medium: { waves: 2, blobs: 3, spheres: 4, polygons: 3, curves: 2, dots: 8 },
  high: { waves: 2, blobs: 4, spheres: 6, polygons: 5, curves: 4, dots: 24 },
};

/** Builds the SVG document for one abstract picture; pure and deterministic. */
export function buildCompositionSvg(options: CompositionOptions): string {
  const { width, height, palette, backdrop } = options;
  const random = createSeededRandom(hashText(`layout\u0000${options.prompt}\u0000${options.seed}`));
  const counts = countsByDetail[options.detail];
  const unit = Math.min(width, height);
  const defs: string[] = [];
  const body: string[] = [];
  const transparent = backdrop.kind === 'none';
  // Shapes on a transparent canvas stay fully opaque so the cut-out reads cleanly.
  const opacity = (min: number): string =>
    formatOpacity((transparent ? 1 : random.between(min, 1)) * options.shapeOpacity);

  if (backdrop.kind === 'gradient') {
    const angle = random.between(0, Math.PI * 2);
    const [dark, middle, light] = palette.backgroundStops;
    defs.push(
      `<linearGradient id="bg" x1="${gradientEnd(0.5 - Math.cos(angle) / 2)}" y1="${gradientEnd(0.5 - Math.sin(angle) / 2)}" x2="${gradientEnd(0.5 + Math.cos(angle) / 2)}" y2="${gradientEnd(0.5 + Math.sin(angle) / 2)}">` +
        `<stop offset="0" stop-color="${dark}"/><stop offset="${formatNumber(random.between(0.35, 0.65))}" stop-color="${middle}"/><stop offset="1" stop-color="${light}"/></linearGradient>`,
    );
    body.push(`<rect width="${width}" height="${height}" fill="url(#bg)"/>`);
  } else if (backdrop.kind === 'tint') {
    body.push(`<rect width="${width}" height="${height}" fill="${palette.accents[0] ?? palette.highlight}" fill-opacity="${formatOpacity(backdrop.opacity)}"/>`);
  }

  // A wave is a landscape band; on a transparent canvas it would read as a frame, not a subject.
  for (let i = 0; i < (transparent ? 0 : counts.waves); i++) {
    const baseline = height * random.between(0.55, 0.85);
    const fill = random.pick(palette.accents);
    body.push(`<path d="${wavePath(random, width, baseline, height * 0.06, height)}" fill="${fill}" fill-opacity="${opacity(0.5)}"/>`);
  }
  for (let i = 0; i < counts.blobs; i++) {
    const id = `blob${i}`;
    defs.push(radialGradient(random, id, palette.highlight, random.pick(palette.accents), palette.shadow));
    const path = blobPath(random, width * random.between(0.1, 0.9), height * random.between(0.1, 0.9), unit * random.between(0.18, 0.34), random.integer(5, 8));
    body.push(`<path d="${path}" fill="url(#${id})" fill-opacity="${opacity(0.7)}"/>`);
  }
  for (let i = 0; i < counts.polygons; i++) {
    const radius = unit * random.between(0.06, 0.16);
    const points = polygonPoints(random, width * random.between(0.1, 0.9), height * random.between(0.1, 0.9), radius, random.integer(3, 6));
    body.push(`<polygon points="${points}" fill="${random.pick(palette.accents)}" fill-opacity="${opacity(0.75)}"/>`);
  }
  for (let i = 0; i < counts.spheres; i++) {
    const id = `sphere${i}`;
    defs.push(radialGradient(random, id, palette.highlight, random.pick(palette.accents), palette.shadow));
    const radius = unit * random.between(0.04, 0.14);
    body.push(`<circle cx="${formatNumber(width * random.between(0.08, 0.92))}" cy="${formatNumber(height * random.between(0.08, 0.92))}" r="${formatNumber(radius)}" fill="url(#${id})" fill-opacity="${opacity(0.85)}"/>`);
  }
  for (let i = 0; i < counts.curves; i++) {
    const strokeWidth = unit * random.between(0.004, 0.014);
    body.push(`<path d="${curvePath(random, width, height)}" fill="none" stroke="${random.pick([palette.highlight, ...palette.accents])}" stroke-width="${formatNumber(strokeWidth)}" stroke-linecap="round" stroke-opacity="${opacity(0.6)}"/>`);
  }
  for (let i = 0; i < counts.dots; i++) {
    body.push(`<circle cx="${formatNumber(width * random.next())}" cy="${formatNumber(height * random.next())}" r="${formatNumber(unit * random.between(0.003, 0.012))}" fill="${random.pick([palette.highlight, ...palette.accents])}" fill-opacity="${opacity(0.5)}"/>`);
  }

  const content = transparent ? insetGroup(defs, body.join(''), width, height) : body.join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><defs>${defs.join('')}</defs>${content}</svg>`;
}

function formatOpacity(value: number): string {
  return value.toFixed(2);
}

function gradientEnd(value: number): string {
  return formatNumber(value * 100) + '%';
}

/** A lit sphere look: highlight off-centre, palette colour, darker rim. */
function radialGradient(random: SeededRandom, id: string, highlight: string, colour: string, shadow: string): string {
  const focusX = formatNumber(random.between(25, 45)) + '%';
  const focusY = formatNumber(random.between(25, 45)) + '%';
  return (
    `<radialGradient id="${id}" fx="${focusX}" fy="${focusY}" r="60%">` +
    `<stop offset="0" stop-color="${highlight}"/><stop offset="${formatNumber(random.between(0.3, 0.5))}" stop-color="${colour}"/>` +
    `<stop offset="1" stop-color="${shadow}"/></radialGradient>`
  );
}

/**
 * Shrinks the picture toward the centre and clips it to the canvas, so a transparent result
 * always has a transparent margin instead of shapes that run off the edges.
 */
function insetGroup(defs: string[], content: string, width: number, height: number): string {
  const scale = 0.84;
  const offsetX = formatNumber((width * (1 - scale)) / 2);
  const offsetY = formatNumber((height * (1 - scale)) / 2);
  const cornerRadius = formatNumber(Math.min(width, height) * 0.08);
  defs.push(`<clipPath id="inset"><rect width="${width}" height="${height}" rx="${cornerRadius}"/></clipPath>`);
  return `<g transform="translate(${offsetX} ${offsetY}) scale(${scale})"><g clip-path="url(#inset)">${content}</g></g>`;
}
