import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey, querySqlite } from './support/accounting.ts';
import { serveProcess } from './support/serve-process.ts';
import { imagesOf } from './support/test-server.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-background-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const serve = (configFile: string) => serveProcess(['--port', '0', '--data-dir', dataDir, '--config', configFile]);
const activeReservations = () => querySqlite<{ n: number }>(dataDir, "select count(*) as n from budget_reservations where status = 'active'").n;

describe('a background response whose server is killed mid-image', () => {
  it('is failed after the restart, its reservation released, and its stream ends with response.failed', async () => {
    const configFile = join(dataDir, 'imagegate.yaml');
    // Images take 30 s to render: the kill lands while the image call is generating.
    writeFileSync(configFile, `auth:\n  adminKey: ${ADMIN_KEY}\nsimulator:\n  imageDelayMillis: 30000\n`);
    const first = await serve(configFile);
    const key = await createKey(first.url, 'crash', { budgets: { total_usd: 1 } });
    const client = new OpenAI({ baseURL: `${first.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const created = await client.responses.create({ model: 'simulator', input: 'Draw a comet.', tools: [{ type: 'image_generation', size: '64x64' }], background: true } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    let seen = -1;
    for await (const event of await client.responses.retrieve(created.id, { stream: true })) {
      seen = event.sequence_number;
      if (event.type === 'response.image_generation_call.generating') break;
    }
    expect(activeReservations()).toBe(1);

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    const second = await serve(configFile);
    try {
      const again = new OpenAI({ baseURL: `${second.url}/v1`, apiKey: key.secret, maxRetries: 0 });
      const stored = await again.responses.retrieve(created.id);
      expect(stored).toMatchObject({ status: 'failed', background: true, error: { code: 'server_error' } });
      expect(imagesOf(stored).filter((item) => item.status !== 'failed')).toEqual([]);
      expect(activeReservations()).toBe(0);
      const ledger = querySqlite<{ images: number }>(dataDir, `select coalesce(sum(images), 0) as images from usage_ledger where key_id = '${key.id}'`);
      expect(ledger.images).toBe(0);

      // A client resuming where it was cut off gets the end, not a stream that never closes.
      const tail: ResponseStreamEvent[] = [];
      for await (const event of await again.responses.retrieve(created.id, { stream: true, starting_after: seen })) tail.push(event);
      expect(tail).toHaveLength(1);
      expect(tail[0]).toMatchObject({ type: 'response.failed', sequence_number: seen + 1, response: { status: 'failed' } });
    } finally {
      await second.stop();
    }
  }, 60_000);
});
