import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey } from './support/accounting.ts';
import { serveProcess } from './support/serve-process.ts';
import { startTestServer } from './support/test-server.ts';

describe('keys are never logged in clear', () => {
  it('a server logging at debug level never prints a key secret or the admin key', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-logs-'));
    const configFile = join(dataDir, 'imagegate.yaml');
    writeFileSync(configFile, `auth:\n  adminKey: ${ADMIN_KEY}\n`);
    const server = await serveProcess(['--port', '0', '--data-dir', dataDir, '--config', configFile], { IMAGEGATE_LOG_LEVEL: 'debug' });
    const { url } = server;
    try {
      const key = await createKey(url, 'logged');
      const client = new OpenAI({ baseURL: `${url}/v1`, apiKey: key.secret, maxRetries: 0 });
      await client.responses.create({ model: 'simulator', input: 'hello' });
      await new OpenAI({ baseURL: `${url}/v1`, apiKey: `${key.secret}x`, maxRetries: 0 }).models.list().catch(() => undefined);
      await fetch(`${url}/v1/admin/keys/${key.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      const output = server.output();
      expect(output).toContain('api key created');
      expect(output).toContain(key.id);
      expect(output).not.toContain(key.secret);
      expect(output).not.toContain(ADMIN_KEY);
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('per-key rate limits and the routed model list', () => {
  it('requests_per_minute answers 429 rate_limit_exceeded past the limit', async () => {
    const test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
    try {
      const key = await createKey(test.server.url, 'slow', { rate_limits: { requests_per_minute: 2 } });
      const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
      await client.responses.create({ model: 'simulator', input: 'one' });
      await client.responses.create({ model: 'simulator', input: 'two' });
      await expect(client.responses.create({ model: 'simulator', input: 'three' })).rejects.toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    } finally {
      await test.dispose();
    }
  });

  it('GET /v1/models lists the routed models and image models', async () => {
    const test = await startTestServer({
      providers: { local: { type: 'openai-compatible', preset: 'ollama', baseURL: 'http://127.0.0.1:9/v1' }, comfy: { type: 'comfyui' } },
      models: { llama: { provider: 'local', model: 'llama3.1' } },
      imageModels: { sdxl: { provider: 'comfy' } },
    });
    try {
      const models = await test.client.models.list();
      const ids = models.data.map((model) => [model.id, model.owned_by]);
      expect(ids).toEqual(expect.arrayContaining([['llama', 'local'], ['sdxl', 'comfy'], ['simulator', 'imagegate-simulator']]));
    } finally {
      await test.dispose();
    }
  });
});
