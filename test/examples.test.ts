import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.ts';
import { cleanCliEnv } from './support/run-cli.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

const EXAMPLES = fileURLToPath(new URL('../examples/', import.meta.url));

/** `.env.example` as a shell would read it: `KEY=value` lines, comments and blanks skipped. */
function readDotEnv(path: string): Record<string, string> {
  const entries = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const equals = line.indexOf('=');
      return [line.slice(0, equals), line.slice(equals + 1)] as const;
    });
  return Object.fromEntries(entries);
}

describe('examples/ run as written, offline', () => {
  let test: TestServer;
  let outputDir: string;
  beforeAll(async () => {
    test = await startTestServer();
    outputDir = mkdtempSync(join(tmpdir(), 'imagegate-examples-'));
  });
  afterAll(async () => {
    await test.dispose();
    rmSync(outputDir, { recursive: true, force: true });
  });

  it('.env.example loads with the real config loader', () => {
    const env = readDotEnv(join(EXAMPLES, '.env.example'));
    expect(Object.keys(env).every((name) => /^[A-Z][A-Z0-9_]*$/.test(name))).toBe(true);
    const config = loadConfig(env);
    expect(config).toMatchObject({ port: 8787, host: '127.0.0.1', auth: { adminKey: 'change-me-to-a-long-random-admin-key' } });
  });

  it.each([
    ['openai.yaml', { OPENAI_API_KEY: 'sk-example' }, 'gpt-4.1', 'gpt-image-2'],
    ['ollama-comfyui.yaml', {}, 'llama', 'comfy-sdxl'],
    ['anthropic-gemini.yaml', { ANTHROPIC_API_KEY: 'sk-ant-example', GEMINI_API_KEY: 'example' }, 'claude', 'gemini-image'],
  ])('config/%s loads with the real config loader and routes its models', (file, env, model, imageModel) => {
    const config = loadConfig(env, { configFile: join(EXAMPLES, 'config', file) });
    expect(config.models[model]).toBeDefined();
    expect(config.imageModels[imageModel]).toBeDefined();
    expect(config.defaultImageModel).toBe(imageModel);
  });

  it('sdk-quickstart.mjs runs against a server: one image saved, the rest ignored by the cap, cost printed', async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(EXAMPLES, 'sdk-quickstart.mjs')], { env: cleanCliEnv({ IMAGEGATE_BASE_URL: test.server.url, OUTPUT_DIR: outputDir }), timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^images: 1, ignored calls: max_images(, max_images)*$/m);
    expect(run.stdout).toMatch(/^cost: \$0\.\d+$/m);
    const file = join(outputDir, 'lighthouse-1.png');
    expect(existsSync(file)).toBe(true);
    expect(await sharp(file).metadata()).toMatchObject({ format: 'png', width: 1024, height: 1024 });
  });
});
