import { describe, expect, it } from 'vitest';
import { ReusedBytes } from './reused-bytes.ts';

const bytes = (text: string) => new Uint8Array(Buffer.from(text));

describe('ReusedBytes', () => {
  it('joins chunks into one buffer that the next join reuses', () => {
    const reused = new ReusedBytes(1024);
    const first = reused.join([bytes('hello, '), bytes('world')]);
    expect(first.toString()).toBe('hello, world');
    const second = reused.join([bytes('abc'), new Uint8Array(0), bytes('d')]);
    expect(second.toString()).toBe('abcd');
    expect(second.buffer).toBe(first.buffer);
    // The first result now shows the second body: it was valid only until this join.
    expect(first.subarray(0, 4).toString()).toBe('abcd');
  });

  it('grows for a longer body and keeps the larger buffer', () => {
    const reused = new ReusedBytes(1 << 20);
    const small = reused.join([bytes('x'.repeat(10))]);
    const large = reused.join([bytes('y'.repeat(3000)), bytes('z')]);
    expect(large.toString()).toBe(`${'y'.repeat(3000)}z`);
    expect(large.buffer).not.toBe(small.buffer);
    expect(reused.join([bytes('q')]).buffer).toBe(large.buffer);
  });

  it('gives a body larger than its limit a buffer of its own, and keeps its own for the next', () => {
    const reused = new ReusedBytes(8);
    const kept = reused.join([bytes('12345678')]);
    const huge = reused.join([bytes('123456789')]);
    expect(huge.toString()).toBe('123456789');
    expect(huge.buffer).not.toBe(kept.buffer);
    expect(reused.join([bytes('ab')]).buffer).toBe(kept.buffer);
    expect(reused.join([]).length).toBe(0);
  });
});
