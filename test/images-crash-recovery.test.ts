import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, CATALOG, createKey, querySqlite } from './support/accounting.ts';
import { serveProcess } from './support/serve-process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-images-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const serve = (configFile: string) => serveProcess(['--port', '0', '--data-dir', dataDir, '--config', configFile]);
const activeHolds = () => querySqlite<{ n: number }>(dataDir, "select count(*) as n from budget_reservations where status = 'active'").n;

describe('SIGKILL during Images API work', () => {
  it('restart: the holds are released at once and the key can buy its 4 images again', async () => {
    const slowConfig = join(dataDir, 'slow.yaml');
    // Images take 30 s to render: the kill lands while all four are being generated.
    writeFileSync(slowConfig, `auth:\n  adminKey: ${ADMIN_KEY}\nsimulator:\n  imageDelayMillis: 30000\n`);
    const fastConfig = join(dataDir, 'fast.yaml');
    writeFileSync(fastConfig, `auth:\n  adminKey: ${ADMIN_KEY}\n`);
    const imageUsd = CATALOG.imageModels['procedural']!.perImage.usd['low']!['1024x1024']!;

    const first = await serve(slowConfig);
    const key = await createKey(first.url, 'four-images', { budgets: { total_usd: 4 * imageUsd } });
    const request = { prompt: 'a comet', n: 4, size: '1024x1024', quality: 'low' } as const;
    const firstClient = new OpenAI({ baseURL: `${first.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const interrupted = firstClient.images.generate(request).catch((caught: unknown) => caught);
    // Wait (on the server's own progress, not a timer) until all four images are reserved.
    while (activeHolds() < 4) await fetch(`${first.url}/health`);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    expect(await interrupted).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(activeHolds()).toBe(4);

    const second = await serve(fastConfig);
    try {
      // At once: no 15-minute wait, nothing spent, and the whole budget buys the same four images.
      expect(activeHolds()).toBe(0);
      const client = new OpenAI({ baseURL: `${second.url}/v1`, apiKey: key.secret, maxRetries: 0 });
      const images = await client.images.generate(request);
      expect(images.data).toHaveLength(4);
      const ledger = querySqlite<{ micros: number; images: number }>(dataDir, `select coalesce(sum(cost_micros), 0) as micros, coalesce(sum(images), 0) as images from usage_ledger where key_id = '${key.id}'`);
      expect(ledger).toEqual({ micros: Math.round(4 * imageUsd * 1e6), images: 4 });
    } finally {
      await second.stop();
    }
  }, 60_000);
});
