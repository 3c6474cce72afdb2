import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey, querySqlite } from './support/accounting.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, IMAGEGATE_LOG_LEVEL: 'silent' };
  for (const key of Object.keys(env)) if (/_API_KEY$|_BASE_URL$/.test(key)) delete env[key];
  return env;
}

/** `imagegate serve` as a separate process, so it can be SIGKILLed like a crashed server. */
async function serve(configFile: string): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(process.execPath, ['bin/imagegate.js', 'serve', '--port', '0', '--data-dir', dataDir, '--config', configFile], { env: offlineEnv() });
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
  return { child, url };
}

describe('SIGKILL in the middle of image generation', () => {
  it('restarts with the reservation released, the response failed (not in_progress) and the budget exact', async () => {
    const configFile = join(dataDir, 'imagegate.yaml');
    // Images take 30 s to render: the kill lands while the image call is generating.
    writeFileSync(configFile, `auth:\n  adminKey: ${ADMIN_KEY}\nsimulator:\n  imageDelayMillis: 30000\n`);
    const first = await serve(configFile);
    const key = await createKey(first.url, 'crash', { budgets: { total_usd: 1 } });

    const response = await fetch(`${first.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'simulator', input: 'Draw a comet.', tools: [{ type: 'image_generation', size: '64x64' }], stream: true }),
    });
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('response.image_generation_call.generating')) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`stream ended early: ${text}`);
      text += new TextDecoder().decode(value);
    }
    const responseId = /"id":"(resp_[^"]+)"/.exec(text)![1]!;
    expect(querySqlite<{ n: number }>(dataDir, "select count(*) as n from budget_reservations where status = 'active'").n).toBe(1);

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    await reader.cancel().catch(() => undefined);

    const second = await serve(configFile);
    try {
      const stored = (await (await fetch(`${second.url}/v1/responses/${responseId}`, { headers: { authorization: `Bearer ${key.secret}` } })).json()) as {
        status: string;
        error: { code: string };
        output: Array<{ type: string; status: string }>;
      };
      expect(stored.status).toBe('failed');
      expect(stored.error.code).toBe('server_error');
      // Nothing half-written: no image survives as completed or in progress.
      expect(stored.output.filter((item) => item.status === 'completed' && item.type === 'image_generation_call')).toEqual([]);
      expect(stored.output.filter((item) => item.status === 'in_progress' || item.status === 'generating')).toEqual([]);
      expect(querySqlite<{ n: number }>(dataDir, "select count(*) as n from budget_reservations where status = 'active'").n).toBe(0);

      // The budget is exact: what the ledger holds is what settled (the first model step), nothing more.
      const ledger = querySqlite<{ micros: number; images: number }>(dataDir, `select coalesce(sum(cost_micros), 0) as micros, coalesce(sum(images), 0) as images from usage_ledger where key_id = '${key.id}'`);
      expect(ledger.images).toBe(0);
      const settled = querySqlite<{ micros: number }>(dataDir, `select coalesce(sum(settled_micros), 0) as micros from budget_reservations where key_id = '${key.id}' and status = 'settled'`);
      expect(ledger.micros).toBe(settled.micros);
      const usage = (await (await fetch(`${second.url}/v1/usage`, { headers: { authorization: `Bearer ${key.secret}` } })).json()) as { totals: { cost_usd: number } };
      expect(Math.round(usage.totals.cost_usd * 1e6)).toBe(ledger.micros);
    } finally {
      second.child.kill('SIGTERM');
      await new Promise((resolve) => second.child.once('exit', resolve));
    }
  }, 60_000);
});
