import { describe, expect, it } from 'vitest';
import { runProbe } from './support/run-probe.ts';
import { offlineEnv } from './support/serve-process.ts';

interface Probe {
  atStart: boolean;
  afterResponses: boolean;
  texts: string[];
}

describe('with tracing off, the server runs without async hooks', () => {
  it('serves JSON and streamed responses (access log on) and never turns on promise hooks, which would cost every promise of the process', async () => {
    const env = offlineEnv();
    for (const key of Object.keys(env)) if (key.startsWith('OTEL_')) delete env[key];
    const probe = await runProbe<Probe>('test/support/promise-hooks-probe.ts', '{"atStart"', env);
    expect(probe.texts).toEqual(['The final result is 570.', 'The final result is 570.']);
    expect(probe.atStart).toBe(false);
    expect(probe.afterResponses).toBe(false);
  }, 60_000);
});
