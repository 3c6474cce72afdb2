/**
 * A small seeded random source for property-based tests (fast-check is not a dependency): the
 * same seed replays the same cases, and a failing case names its seed and index to replay it.
 */
export class FuzzRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let mixed = this.state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  bool(probability = 0.5): boolean {
    return this.next() < probability;
  }

  pick<T>(values: ReadonlyArray<T>): T {
    return values[this.int(0, values.length - 1)]!;
  }

  /** Numbers a schema must range-check: edges, fractions, huge and negative ones. */
  number(): number {
    return this.pick([0, 1, -1, 2, 3, 16, 0.5, -0.5, 100, 101, 1e6, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324, this.int(-1000, 1000)]);
  }

  /** Strings a schema must bound: empty, unicode, control characters, long and very long ones. */
  string(): string {
    return this.pick([
      '',
      'auto',
      'x',
      'simulator',
      'gpt-image-1',
      '1024x1024',
      '0x0',
      '99999x99999',
      '\u0000\u0001',
      '<|endoftext|>',
      'émoji 🎨 ✓',
      'data:image/png;base64,AAAA',
      'http://127.0.0.1/x.png',
      '__proto__',
      'x'.repeat(this.int(64, 300)),
      'x'.repeat(20_000),
    ]);
  }

  /** Any JSON value, nested up to `depth` (deep ones test the depth limits). */
  json(depth = 3): unknown {
    const kind = this.int(0, depth > 0 ? 6 : 3);
    switch (kind) {
      case 0:
        return null;
      case 1:
        return this.bool();
      case 2:
        return this.number();
      case 3:
        return this.string();
      case 4:
        return Array.from({ length: this.int(0, 3) }, () => this.json(depth - 1));
      case 5:
        return Object.fromEntries(Array.from({ length: this.int(0, 3) }, () => [this.pick(['type', 'a', 'properties', 'x', '']), this.json(depth - 1)]));
      default:
        return this.nested(this.pick([10, 70, 3000]));
    }
  }

  /** `{"a":{"a":...}}` this deep. */
  nested(levels: number): unknown {
    let value: unknown = {};
    for (let level = 0; level < levels; level += 1) value = { a: value };
    return value;
  }

  /**
   * `template` with one to three random changes: a field dropped, replaced by any JSON value,
   * or an unknown field added, at the top level or one level down.
   */
  mutate(template: Record<string, unknown>): Record<string, unknown> {
    const copy = structuredClone(template);
    for (let change = this.int(1, 3); change > 0; change -= 1) {
      const target = this.pickObject(copy);
      const keys = Object.keys(target);
      const action = this.int(0, 3);
      if (action === 0 && keys.length > 0) delete target[this.pick(keys)];
      else if (action <= 2 && keys.length > 0) target[this.pick(keys)] = this.json();
      else target[this.pick(['unknown_field', 'n', 'stream', 'model', 'metadata'])] = this.json(2);
    }
    return copy;
  }

  private pickObject(root: Record<string, unknown>): Record<string, unknown> {
    const children = Object.values(root).flatMap((value) =>
      Array.isArray(value) ? value.filter(isRecord) : isRecord(value) ? [value] : [],
    );
    return children.length > 0 && this.bool(0.4) ? this.pick(children) : root;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
