import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey, querySqlite } from './support/accounting.ts';
import { serveProcess } from './support/serve-process.ts';
import { startGenerating } from './support/start-generating.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `imagegate serve` as a separate process, so it can be SIGKILLed like a crashed server. */
const serve = (configFile: string) => serveProcess(['--port', '0', '--data-dir', dataDir, '--config', configFile]);

describe('SIGKILL in the middle of image generation', () => {
  it('restarts with the reservation released, the response failed (not in_progress) and the budget exact', async () => {
    const configFile = join(dataDir, 'imagegate.yaml');
    // Images take 30 s to render: the kill lands while the image call is generating.
    writeFileSync(configFile, `auth:\n  adminKey: ${ADMIN_KEY}\nsimulator:\n  imageDelayMillis: 30000\n`);
    const first = await serve(configFile);
    const key = await createKey(first.url, 'crash', { budgets: { total_usd: 1 } });

    const { responseId, reader } = await startGenerating(first.url, key.secret, { type: 'image_generation', size: '64x64' });
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
      await second.stop();
    }
  }, 60_000);
});
