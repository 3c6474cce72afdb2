import { describe, expect, it } from 'vitest';
import { LiveStats } from './live-stats.ts';

describe('LiveStats', () => {
  it('sums the last hour and forgets what is older', () => {
    let now = Date.UTC(2026, 0, 1, 12, 0, 0);
    const stats = new LiveStats(() => now);
    stats.request();
    stats.images(2);
    stats.spend(40_000);
    stats.providerError('openai', 'rate_limit_exceeded');
    now += 30 * 60_000;
    stats.request();
    stats.spend(2_500);
    stats.providerError('openai', 'rate_limit_exceeded');
    stats.providerError('gemini', 'server_error');
    expect(stats.snapshot()).toEqual({
      window_minutes: 60,
      requests: 2,
      images: 2,
      spend_usd: 0.0425,
      provider_errors: { openai: { rate_limit_exceeded: 2 }, gemini: { server_error: 1 } },
    });
    now += 31 * 60_000;
    expect(stats.snapshot()).toMatchObject({ requests: 1, images: 0, spend_usd: 0.0025, provider_errors: { openai: { rate_limit_exceeded: 1 } } });
  });
});
