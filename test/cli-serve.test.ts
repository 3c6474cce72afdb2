import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { offlineEnv, serveProcess } from './support/serve-process.ts';

describe('imagegate serve', () => {
  it('starts with --port and --data-dir, says plainly that models and images are simulated, and stops on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-cli-'));
    try {
      const server = await serveProcess(['--port', '0', '--data-dir', dataDir]);
      const banner = server.output();
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
      const server = await serveProcess(['--config', file], { IMAGEGATE_PORT: '0', IMAGEGATE_DATA_DIR: dataDir });
      expect(server.output()).toContain('images per response: 2');
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
