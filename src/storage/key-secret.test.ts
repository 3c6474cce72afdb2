import { describe, expect, it } from 'vitest';
import { generateKeySecret, hashesEqual, hashKeySecret, isPlausibleKeySecret, keyPrefixOf } from './key-secret.ts';

describe('key secrets', () => {
  it('mints 256-bit base64url secrets with a 12-character public prefix', () => {
    const secret = generateKeySecret();
    expect(secret).toMatch(/^ig_live_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(8), 'base64url')).toHaveLength(32);
    expect(keyPrefixOf(secret)).toBe(secret.slice(0, 12));
    expect(generateKeySecret()).not.toBe(secret);
  });

  it('hashes with the pepper: same input same hash, another pepper another hash', () => {
    const secret = generateKeySecret();
    const hash = hashKeySecret(secret, 'pepper-1');
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashKeySecret(secret, 'pepper-1')).toBe(hash);
    expect(hashKeySecret(secret, 'pepper-2')).not.toBe(hash);
    expect(hashKeySecret(secret, Buffer.from('pepper-1'))).toBe(hash);
  });

  it('compares hashes only when both are whole and equal', () => {
    const hash = hashKeySecret('ig_live_x', 'p');
    expect(hashesEqual(hash, hash)).toBe(true);
    expect(hashesEqual(hash, hashKeySecret('ig_live_y', 'p'))).toBe(false);
    expect(hashesEqual(hash, hash.slice(0, 62))).toBe(false);
    expect(hashesEqual('', '')).toBe(false);
  });

  it('refuses implausible input before hashing', () => {
    expect(isPlausibleKeySecret(generateKeySecret())).toBe(true);
    expect(isPlausibleKeySecret('ig_live_abcd')).toBe(false);
    expect(isPlausibleKeySecret('x'.repeat(257))).toBe(false);
    expect(isPlausibleKeySecret(undefined)).toBe(false);
  });
});
