import { describe, expect, it } from 'vitest';
import { BufferPool } from './buffer-pool.ts';

describe('BufferPool', () => {
  it('hands a released buffer out again, and never one still leased', () => {
    const pool = new BufferPool(1024, 4096);
    const first = pool.lease(100);
    const second = pool.lease(100);
    expect(first.bytes).toHaveLength(100);
    expect(second.bytes.buffer).not.toBe(first.bytes.buffer);
    first.release();
    const third = pool.lease(60);
    expect(third.bytes).toHaveLength(60);
    expect(third.bytes.buffer).toBe(first.bytes.buffer);
    expect(pool.lease(60).bytes.buffer).not.toBe(third.bytes.buffer);
  });

  it('takes a buffer back once, however often release is called', () => {
    const pool = new BufferPool(1024, 4096);
    const lease = pool.lease(100);
    lease.release();
    lease.release();
    const [a, b] = [pool.lease(100), pool.lease(100)];
    expect(a.bytes.buffer).toBe(lease.bytes.buffer);
    expect(b.bytes.buffer).not.toBe(lease.bytes.buffer);
  });

  it('hands out a buffer that fits, growing to a power of two', () => {
    const pool = new BufferPool(1024, 4096);
    const small = pool.lease(10);
    small.release();
    const large = pool.lease(300);
    expect(large.bytes.buffer).not.toBe(small.bytes.buffer);
    expect(large.bytes.buffer.byteLength).toBe(512);
    large.release();
    expect(pool.lease(500).bytes.buffer).toBe(large.bytes.buffer);
  });

  it('keeps no more free bytes than allowed, and never pools what is over the size limit', () => {
    const pool = new BufferPool(1024, 1024);
    const leases = [pool.lease(1024), pool.lease(1024)];
    for (const lease of leases) lease.release();
    expect(pool.lease(1024).bytes.buffer).toBe(leases[0]?.bytes.buffer);
    expect(pool.lease(1024).bytes.buffer).not.toBe(leases[1]?.bytes.buffer);
    const huge = pool.lease(2048);
    expect(huge.bytes).toHaveLength(2048);
    huge.release();
    expect(pool.lease(2048).bytes.buffer).not.toBe(huge.bytes.buffer);
  });
});
