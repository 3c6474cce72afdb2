import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyPolicy, KeyStore } from '../../../src/storage/key-store.ts';

export interface KeyStoreContractOptions {
  name: string;
  /** Opens a new, empty key store whose clock (Unix milliseconds) is `now`. */
  create: (now: () => number) => Promise<{ keys: KeyStore; close(): Promise<void> }>;
}

const policy: KeyPolicy = {
  allowedModels: ['gpt-4.1', 'simulator'],
  maxImagesPerResponse: 3,
  maxCostPerResponseMicros: 250_000,
  budgets: { dailyMicros: 5_000_000, totalMicros: 100_000_000 },
  rateLimits: { requestsPerMinute: 60 },
};

/** The behaviour every KeyStore backend must show; call it from the backend's test file. */
export function runKeyStoreContract({ name, create }: KeyStoreContractOptions): void {
  describe(`${name} — KeyStore contract`, () => {
    let clockMillis: number;
    let keys: KeyStore;
    let close: () => Promise<void>;

    beforeEach(async () => {
      clockMillis = Date.parse('2025-05-01T12:00:00Z');
      ({ keys, close } = await create(() => clockMillis));
    });

    afterEach(async () => {
      await close();
    });

    it('creates a key whose secret is shown once and finds it by that secret', async () => {
      const { record, secret } = await keys.createKey({ name: 'mobile app', policy });
      expect(secret).toMatch(/^ig_live_[A-Za-z0-9_-]{43}$/);
      expect(record).toMatchObject({ name: 'mobile app', prefix: secret.slice(0, 12), createdAt: clockMillis, revokedAt: null, policy });
      expect(record.id).toMatch(/^key_/);
      expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(record)).not.toContain(secret);
      expect(await keys.findBySecret(secret)).toEqual(record);
      expect(await keys.get(record.id)).toEqual(record);
    });

    it('finds nothing for wrong, truncated, padded or empty secrets', async () => {
      const { secret } = await keys.createKey({ name: 'a', policy: {} });
      const last = secret.at(-1) === 'A' ? 'B' : 'A';
      for (const wrong of [`${secret.slice(0, -1)}${last}`, secret.slice(0, -1), `${secret} `, secret.slice(0, 12), '', 'x'.repeat(10_000)]) {
        expect(await keys.findBySecret(wrong)).toBeUndefined();
      }
    });

    it('mints distinct ids and secrets', async () => {
      const created = await Promise.all(Array.from({ length: 20 }, (_, index) => keys.createKey({ name: `k${index}`, policy: {} })));
      expect(new Set(created.map(({ record }) => record.id)).size).toBe(20);
      expect(new Set(created.map(({ secret }) => secret)).size).toBe(20);
      for (const { record, secret } of created) expect((await keys.findBySecret(secret))?.id).toBe(record.id);
    });

    it('lists keys oldest first with their prefix, never their secret', async () => {
      const first = await keys.createKey({ name: 'first', policy: {} });
      clockMillis += 1000;
      const second = await keys.createKey({ name: 'second', policy });
      const listed = await keys.list();
      expect(listed.map((key) => [key.name, key.prefix])).toEqual([
        ['first', first.secret.slice(0, 12)],
        ['second', second.secret.slice(0, 12)],
      ]);
      const text = JSON.stringify(listed);
      expect(text).not.toContain(first.secret);
      expect(text).not.toContain(second.secret.slice(12));
    });

    it('renames and replaces the policy; unknown ids give undefined', async () => {
      const { record, secret } = await keys.createKey({ name: 'old', policy });
      const renamed = await keys.update(record.id, { name: 'new' });
      expect(renamed).toMatchObject({ name: 'new', policy });
      const replaced = await keys.update(record.id, { policy: { exactImages: 1 } });
      expect(replaced?.policy).toEqual({ exactImages: 1 });
      expect((await keys.findBySecret(secret))?.policy).toEqual({ exactImages: 1 });
      expect(await keys.update('key_missing', { name: 'x' })).toBeUndefined();
      expect(await keys.get('key_missing')).toBeUndefined();
    });

    it('revokes for good, keeping the first revocation time', async () => {
      const { record, secret } = await keys.createKey({ name: 'a', policy: {} });
      clockMillis += 5000;
      const revoked = await keys.revoke(record.id);
      expect(revoked?.revokedAt).toBe(clockMillis);
      expect(await keys.findBySecret(secret)).toBeUndefined();
      clockMillis += 5000;
      expect((await keys.revoke(record.id))?.revokedAt).toBe(revoked?.revokedAt);
      expect((await keys.get(record.id))?.revokedAt).toBe(revoked?.revokedAt);
      expect(await keys.revoke('key_missing')).toBeUndefined();
    });

    it('counts keys, revoked ones included, so auth never switches itself off', async () => {
      expect(await keys.count()).toBe(0);
      const { record } = await keys.createKey({ name: 'only', policy: {} });
      await keys.createKey({ name: 'other', policy: {} });
      expect(await keys.count()).toBe(2);
      await keys.revoke(record.id);
      expect(await keys.count()).toBe(2);
    });

    it('rejects policies a typo or a fraction would silently weaken', async () => {
      const bad: unknown[] = [
        { budgets: { dailyUsd: 5 } },
        { maxImages: 2 },
        { budgets: { dailyMicros: 0.5 } },
        { maxCostPerResponseMicros: -1 },
        { exactImages: 0 },
        { allowedModels: 'gpt-4.1' },
        { rateLimits: { requestsPerMinute: '60' } },
        null,
      ];
      for (const candidate of bad) {
        await expect(keys.createKey({ name: 'x', policy: candidate as KeyPolicy })).rejects.toThrow(TypeError);
      }
      const { record } = await keys.createKey({ name: 'x', policy: {} });
      await expect(keys.update(record.id, { policy: { budgets: { weeklyMicros: 1 } } as KeyPolicy })).rejects.toThrow(TypeError);
      expect(await keys.count()).toBe(1);
      expect((await keys.get(record.id))?.policy).toEqual({});
    });
  });
}
