import type { SeededRandom } from './seeded-random.ts';

/** One decimal is finer than a pixel and keeps the SVG short. */
export function formatNumber(value: number): string {
  return (Math.round(value * 10) / 10).toString();
}

interface Point {
  readonly x: number;
  readonly y: number;
}

/**
 * A closed, smooth, irregular outline around (centerX, centerY): points at jittered radii joined
 * by a Catmull-Rom spline written as cubic Béziers, which librsvg renders directly.
 */
export function blobPath(random: SeededRandom, centerX: number, centerY: number, radius: number, pointCount: number): string {
  const rotation = random.between(0, Math.PI * 2);
  const points: Point[] = [];
  for (let i = 0; i < pointCount; i++) {
    const angle = rotation + (i / pointCount) * Math.PI * 2;
    const distance = radius * random.between(0.6, 1.15);
    points.push({ x: centerX + Math.cos(angle) * distance, y: centerY + Math.sin(angle) * distance });
  }
  return closedSpline(points);
}

function closedSpline(points: ReadonlyArray<Point>): string {
  const at = (index: number): Point => points[((index % points.length) + points.length) % points.length] as Point;
  const start = at(0);
  let path = `M${formatNumber(start.x)} ${formatNumber(start.y)}`;
  for (let i = 0; i < points.length; i++) {
    const [previous, current, next, afterNext] = [at(i - 1), at(i), at(i + 1), at(i + 2)];
    const control1 = { x: current.x + (next.x - previous.x) / 6, y: current.y + (next.y - previous.y) / 6 };
    const control2 = { x: next.x - (afterNext.x - current.x) / 6, y: next.y - (afterNext.y - current.y) / 6 };
    path += `C${formatNumber(control1.x)} ${formatNumber(control1.y)} ${formatNumber(control2.x)} ${formatNumber(control2.y)} ${formatNumber(next.x)} ${formatNumber(next.y)}`;
  }
  return `${path}Z`;
}

/** A regular polygon, rotated at random, as an SVG `points` list. */
export function polygonPoints(random: SeededRandom, centerX: number, centerY: number, radius: number, sides: number): string {
  const rotation = random.between(0, Math.PI * 2);
  const points: string[] = [];
  for (let i = 0; i < sides; i++) {
    const angle = rotation + (i / sides) * Math.PI * 2;
    points.push(`${formatNumber(centerX + Math.cos(angle) * radius)},${formatNumber(centerY + Math.sin(angle) * radius)}`);
  }
  return points.join(' ');
}

/** A band from the left edge to the right edge with a wavy top, filled down to `bottom`. */
export function wavePath(random: SeededRandom, width: number, baseline: number, amplitude: number, bottom: number): string {
  const segments = random.integer(2, 4);
  const step = width / segments;
  let y = baseline + random.between(-amplitude, amplitude);
  let path = `M0 ${formatNumber(bottom)}L0 ${formatNumber(y)}`;
  for (let i = 0; i < segments; i++) {
    const nextY = baseline + random.between(-amplitude, amplitude);
    const control1Y = y + random.between(-amplitude, amplitude);
    const control2Y = nextY + random.between(-amplitude, amplitude);
    path += `C${formatNumber(step * (i + 0.4))} ${formatNumber(control1Y)} ${formatNumber(step * (i + 0.6))} ${formatNumber(control2Y)} ${formatNumber(step * (i + 1))} ${formatNumber(nextY)}`;
    y = nextY;
  }
  return `${path}L${formatNumber(width)} ${formatNumber(bottom)}Z`;
}

/** An open flowing curve across the canvas, for strokes. */
export function curvePath(random: SeededRandom, width: number, height: number): string {
  const point = (): string => `${formatNumber(random.between(-0.1, 1.1) * width)} ${formatNumber(random.between(-0.1, 1.1) * height)}`;
  return `M${point()}C${point()} ${point()} ${point()}S${point()} ${point()}`;
}
