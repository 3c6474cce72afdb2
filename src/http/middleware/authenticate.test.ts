import { describe, expect, it } from 'vitest';
import { ApiError } from '../../errors/api-error.ts';
import type { Services } from '../../service/services.ts';
import { createAuthenticator } from './authenticate.ts';

/** Just what the authenticator reads: the admin key, the key store's count and lookup, the clock. */
function fakeServices(options: { adminKey?: string; keyCount: () => number; now: () => number }) {
  let counted = 0;
  const services = {
    config: { auth: { adminKey: options.adminKey } },
    keys: {
      count: () => {
        counted++;
        return Promise.resolve(options.keyCount());
      },
      findBySecret: () => Promise.resolve(undefined),
    },
    now: options.now,
  } as unknown as Services;
  return { services, counted: () => counted };
}

async function refusal(answer: unknown): Promise<string | null> {
  try {
    await answer;
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
  return null;
}

describe('createAuthenticator', () => {
  it('keeps the open server open until keys exist, and notices a key made elsewhere within 5 s', async () => {
    let keys = 0;
    let now = 1_000_000;
    const { services, counted } = fakeServices({ keyCount: () => keys, now: () => now });
    const principalFor = createAuthenticator(services);
    expect(await principalFor(undefined)).toMatchObject({ kind: 'anonymous' });
    // Answered from the cached count, without a promise or another count.
    expect(principalFor(undefined)).toMatchObject({ kind: 'anonymous' });
    expect(counted()).toBe(1);
    keys = 1; // created by another instance or the CLI
    now += 4_000;
    expect(principalFor(undefined)).toMatchObject({ kind: 'anonymous' });
    now += 2_000;
    expect(await refusal(principalFor(undefined))).toBe('missing_api_key');
    expect(await refusal(principalFor('Bearer ig_live_not_a_key_at_all'))).toBe('invalid_api_key');
    // Once keys exist, the count is not asked again.
    now += 60_000;
    expect(await refusal(principalFor(undefined))).toBe('missing_api_key');
    expect(counted()).toBe(2);
  });

  it('requires the admin key when one is configured, without counting keys', async () => {
    const { services, counted } = fakeServices({ adminKey: 'admin-secret-123', keyCount: () => 0, now: () => 0 });
    const principalFor = createAuthenticator(services);
    expect(await refusal(principalFor(undefined))).toBe('missing_api_key');
    expect(await principalFor('Bearer admin-secret-123')).toMatchObject({ kind: 'admin' });
    expect(counted()).toBe(0);
  });
});
