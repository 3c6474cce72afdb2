import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { offlineEnv } from './support/serve-process.ts';

/** Runs the probe in a fresh process, so nothing of the test runner's own is counted. */
function runProbe(env: NodeJS.ProcessEnv): Promise<{ atStart: boolean; afterResponses: boolean; texts: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/promise-hooks-probe.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = output.split('\n').find((candidate) => candidate.startsWith('{"atStart"'));
      if (code !== 0 || line === undefined) reject(new Error(`probe exited ${code}: ${output}${errors}`));
      else resolve(JSON.parse(line) as { atStart: boolean; afterResponses: boolean; texts: string[] });
    });
  });
}

describe('with tracing off, the server runs without async hooks', () => {
  it('serves JSON and streamed responses (access log on) and never turns on promise hooks, which would cost every promise of the process', async () => {
    const env = offlineEnv();
    for (const key of Object.keys(env)) if (key.startsWith('OTEL_')) delete env[key];
    const probe = await runProbe(env);
    expect(probe.texts).toEqual(['The final result is 570.', 'The final result is 570.']);
    expect(probe.atStart).toBe(false);
    expect(probe.afterResponses).toBe(false);
  }, 60_000);
});
