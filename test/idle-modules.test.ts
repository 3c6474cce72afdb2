import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imagegateOptions } from '../bench/peers/imagegate-process.ts';
import { type Child, startChild } from '../bench/peers/child-process.ts';
import { runProbe } from './support/run-probe.ts';
import { offlineEnv } from './support/serve-process.ts';

const repoRoot = resolve(import.meta.dirname, '..');

interface Probe {
  atIdle: string[];
  afterText: string[];
  status: number;
  responseStatus: string;
}


/**
 * Idle memory is mostly what was loaded: the o200k tokenizer tables (~58 MB resident), sharp
 * (~25 MB) and the OpenTelemetry SDK are loaded by the first request that needs them, so a
 * server relaying a hosted model's text never maps them.
 */
describe('what a server with an OpenAI provider loads', () => {
  let upstream: Child;
  let dataDir: string;
  beforeAll(async () => {
    upstream = await startChild({
      name: 'fake upstream',
      args: ['--import', 'tsx', 'bench/peers/fake-upstream.ts'],
      cwd: repoRoot,
      ready: (child) => child.stdout().includes('listening on'),
      startTimeoutMillis: 30_000,
    });
    dataDir = mkdtempSync(join(tmpdir(), 'imagegate-idle-modules-'));
  }, 40_000);
  afterAll(async () => {
    await upstream.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts and answers a text response without the tokenizer, sharp or the OpenTelemetry SDK', async () => {
    const upstreamUrl = /listening on (http:\/\/\S+)/.exec(upstream.stdout())![1]!;
    const options = await imagegateOptions(repoRoot, upstreamUrl, { running: 8, queued: 256, queueWaitMillis: 60_000 });
    const env = offlineEnv({ ...options.env, PROBE_DATA_DIR: dataDir });
    for (const key of Object.keys(env)) if (key.startsWith('OTEL_')) delete env[key];
    const probe = await runProbe<Probe>('test/support/idle-modules-probe.ts', '{"atIdle"', env);
    expect(probe.status).toBe(200);
    expect(probe.responseStatus).toBe('completed');
    // The probe sees what it looks for: the server's own packages are in the set.
    expect(probe.atIdle).toEqual(expect.arrayContaining(['hono', 'kysely', 'pino', 'better-sqlite3']));
    for (const lazy of ['gpt-tokenizer', 'sharp', '@opentelemetry/sdk-node']) {
      expect(probe.atIdle).not.toContain(lazy);
      expect(probe.afterText).not.toContain(lazy);
    }
  }, 60_000);
});
