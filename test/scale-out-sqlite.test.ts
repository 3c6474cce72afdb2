import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, CATALOG, FREE_SIMULATOR_TEXT, createKey, querySqlite } from './support/accounting.ts';
import { type ServeProcess, serveProcess } from './support/serve-process.ts';
import { imagesOf } from './support/test-server.ts';
import { startGenerating } from './support/start-generating.ts';

const IMAGE_MICROS = Math.round(CATALOG.imageModels['procedural']!.perImage.usd['medium']!['1024x1024']! * 1_000_000);
const TOOL = { type: 'image_generation', size: '1024x1024', quality: 'medium', output_format: 'jpeg' };

const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-two-'));
const started: ServeProcess[] = [];
afterAll(async () => {
  await Promise.all(started.map((instance) => instance.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

/** `imagegate serve` on the shared data folder, with `extra` YAML. */
async function serve(name: string, extra = ''): Promise<ServeProcess> {
  const configFile = join(dataDir, `${name}.yaml`);
  writeFileSync(configFile, `auth:\n  adminKey: ${ADMIN_KEY}\npricing:\n  overrides: ${JSON.stringify(FREE_SIMULATOR_TEXT)}\nstorage:\n  leaseMillis: 3000\n${extra}`);
  const instance = await serveProcess(['--port', '0', '--data-dir', dataDir, '--config', configFile]);
  started.push(instance);
  return instance;
}
const count = (sql: string) => querySqlite<{ n: number }>(dataDir, sql).n;

describe('two processes on one SQLite data folder', () => {
  it('a second instance starting leaves the first one’s long response and reservation alone', async () => {
    const first = await serve('slow', 'simulator:\n  imageDelayMillis: 30000\n');
    const key = await createKey(first.url, 'long', { budgets: { total_usd: 1 } });
    const { responseId, reader } = await startGenerating(first.url, key.secret, TOOL);
    const second = await serve('fast');
    // Its startup reconciliation ran before its banner; a request on it makes sure it is serving.
    expect((await fetch(`${second.url}/health`)).status).toBe(200);
    expect(querySqlite<{ status: string }>(dataDir, `select status from responses where id = '${responseId}'`).status).toBe('in_progress');
    expect(count(`select count(*) as n from budget_reservations where response_id = '${responseId}' and status = 'active'`)).toBe(1);
    await reader.cancel();
  }, 60_000);

  it('40 concurrent requests over both: no errors, nothing stuck, no overspend', async () => {
    const fast = await serve('fast-a');
    const other = await serve('fast-b');
    const affordable = 6;
    const key = await createKey(fast.url, 'shared', { budgets: { daily_usd: (affordable * IMAGE_MICROS) / 1e6 } });
    const clients = [fast, other].map((instance) => new OpenAI({ baseURL: `${instance.url}/v1`, apiKey: key.secret, maxRetries: 0 }));
    const results: OpenAI.Responses.Response[] = [];
    // 40 workers, 160 calls: each worker sends its next call when the last one is answered.
    await Promise.all(
      Array.from({ length: 40 }, async (_, worker) => {
        for (let round = 0; round < 4; round += 1) {
          const client = clients[(worker + round) % 2]!;
          results.push(await client.responses.create({ model: 'simulator', input: `Draw fox ${worker}-${round}.`, tools: [TOOL] } as never));
        }
      }),
    );
    expect(results.map((response) => response.status)).toEqual(Array(160).fill('completed'));
    expect(results.reduce((sum, response) => sum + imagesOf(response).length, 0)).toBe(affordable);
    const reported = results.reduce((sum, response) => sum + Math.round((response as unknown as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd * 1e6), 0);
    expect(count(`select coalesce(sum(cost_micros), 0) as n from usage_ledger where key_id = '${key.id}'`)).toBe(reported);
    expect(reported).toBe(affordable * IMAGE_MICROS);
    expect(count(`select count(*) as n from budget_reservations where key_id = '${key.id}' and status = 'active'`)).toBe(0);
    const ids = results.map((response) => `'${response.id}'`).join(',');
    expect(count(`select count(*) as n from responses where id in (${ids}) and status = 'completed'`)).toBe(160);
  }, 120_000);

  it('SIGTERM drains: cuts off a long response after the grace period, releases what it held, exits 0', async () => {
    const draining = await serve('draining', 'shutdownGraceMillis: 500\nsimulator:\n  imageDelayMillis: 30000\n');
    const key = await createKey(draining.url, 'drain', { budgets: { total_usd: 1 } });
    const { responseId, reader } = await startGenerating(draining.url, key.secret, TOOL);
    const stoppedAt = Date.now();
    const exitCode = await draining.stop();
    expect(exitCode).toBe(0);
    // The 30 s image was not waited for.
    expect(Date.now() - stoppedAt).toBeLessThan(15_000);
    await reader.cancel().catch(() => undefined);
    expect(querySqlite<{ status: string }>(dataDir, `select status from responses where id = '${responseId}'`).status).not.toBe('in_progress');
    expect(count(`select count(*) as n from budget_reservations where response_id = '${responseId}' and status = 'active'`)).toBe(0);
  }, 60_000);
});
