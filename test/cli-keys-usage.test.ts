import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from './support/accounting.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

const run = promisify(execFile);

describe('imagegate keys / usage (CLI against a running server)', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
  });
  afterAll(async () => test.dispose());

  const cli = (args: string[], env: Record<string, string> = {}) =>
    run(process.execPath, ['bin/imagegate.js', ...args], { env: { ...process.env, IMAGEGATE_BASE_URL: test.server.url, ...env } });

  it('creates, lists, updates and revokes a key; shows usage; exits non-zero on errors', async () => {
    const created = JSON.parse((await cli(['keys', '--json', 'create', 'cli-key', '--max-images', '1', '--daily-usd', '2.5'], { IMAGEGATE_ADMIN_KEY: ADMIN_KEY })).stdout) as {
      id: string;
      secret: string;
      policy: { max_images_per_response: number; budgets: { daily_usd: number } };
    };
    expect(created.secret).toMatch(/^ig_live_/);
    expect(created.policy).toMatchObject({ max_images_per_response: 1, budgets: { daily_usd: 2.5 } });

    const listed = (await cli(['keys', 'list'], { IMAGEGATE_ADMIN_KEY: ADMIN_KEY })).stdout;
    expect(listed).toContain(created.id);
    expect(listed).toContain(created.secret.slice(0, 12));
    expect(listed).not.toContain(created.secret);

    await cli(['keys', 'update', created.id, '--max-images', '2'], { IMAGEGATE_ADMIN_KEY: ADMIN_KEY });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: created.secret, maxRetries: 0 });
    await client.responses.create({ model: 'simulator-parallel-3', input: 'Draw owls.', tools: [{ type: 'image_generation', size: '64x64' }] });

    const usage = JSON.parse((await cli(['usage', '--json', '--group-by', 'model'], { IMAGEGATE_API_KEY: created.secret })).stdout) as { totals: { images: number } };
    expect(usage.totals.images).toBe(2);
    const table = (await cli(['usage', '--group-by', 'model'], { IMAGEGATE_API_KEY: created.secret })).stdout;
    expect(table).toMatch(/procedural\s+\$0\.\d+\s+2/);

    await cli(['keys', 'revoke', created.id], { IMAGEGATE_ADMIN_KEY: ADMIN_KEY });
    await expect(client.models.list()).rejects.toMatchObject({ status: 401 });
    const failure = await cli(['keys', 'list'], { IMAGEGATE_ADMIN_KEY: 'wrong-admin-key-000000' }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1 });
    expect((failure as { stderr: string }).stderr).toContain('401');
  }, 60_000);
});
