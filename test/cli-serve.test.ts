import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The environment without provider keys, so the server runs offline whatever the machine has. */
function offlineEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, IMAGEGATE_LOG_LEVEL: 'silent', ...extra };
  for (const key of Object.keys(env)) if (/_API_KEY$|_BASE_URL$/.test(key)) delete env[key];
  return env;
}

/** Starts `imagegate serve` as a user would and reads the banner. */
async function serve(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['bin/imagegate.js', 'serve', ...args], { env: offlineEnv(env) });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner: ${output}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match && output.includes('model steps per response')) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  const stop = () => new Promise<number | null>((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
  return { url, banner: () => output, stop };
}

describe('imagegate serve', () => {
  it('starts with --port and --data-dir, says plainly that models and images are simulated, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-cli-'));
    try {
      const server = await serve(['--port', '0', '--data-dir', dataDir]);
      const banner = server.banner();
      expect(banner).toContain('language models: SIMULATED');
      expect(banner).toContain('image backend:   SIMULATED');
      expect(banner).toContain(join(dataDir, 'imagegate.sqlite'));
      expect(banner).toContain('POST   /v1/responses');
      const health = await fetch(`${server.url}/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(await server.stop()).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('reads a YAML config file and env overrides; a bad config names the key and exits 2', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-cli-'));
    try {
      const file = join(dataDir, 'imagegate.yaml');
      writeFileSync(file, 'limits:\n  maxImagesPerResponse: 2\n');
      const server = await serve(['--config', file], { IMAGEGATE_PORT: '0', IMAGEGATE_DATA_DIR: dataDir });
      expect(server.banner()).toContain('images per response: 2');
      await server.stop();

      writeFileSync(file, 'limits:\n  maxImagesPerResponse: lots\n');
      const failed = spawn(process.execPath, ['bin/imagegate.js', 'serve', '--config', file], { env: offlineEnv({ IMAGEGATE_PORT: '0' }) });
      let stderr = '';
      failed.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => failed.on('exit', resolve));
      expect(code).toBe(2);
      expect(stderr).toContain('limits.maxImagesPerResponse');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
