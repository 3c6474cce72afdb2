import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, CATALOG, createKey, querySqlite } from './support/accounting.ts';
import { hangingImageModel } from './support/hanging-image-model.ts';
import { startTestServer } from './support/test-server.ts';

const IMAGE_USD = CATALOG.imageModels['procedural']!.perImage.usd['medium']!['1024x1024']!;

describe('Images API: a client that goes away', () => {
  for (const stream of [true, false]) {
    it(`aborts the backend call (${stream ? 'stream' : 'JSON'}) and releases every reservation; nothing is charged`, async () => {
      const imageModel = hangingImageModel();
      const test = await startTestServer({ auth: { adminKey: ADMIN_KEY } }, undefined, { imageModel });
      try {
        const key = await createKey(test.server.url, 'budgeted', { budgets: { total_usd: 10 * IMAGE_USD } });
        const body = JSON.stringify({ prompt: 'A heron', n: 3, size: '1024x1024', quality: 'medium', stream });
        const client = request(`${test.server.url}/v1/images/generations`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key.secret}` } });
        client.on('error', () => undefined);
        client.end(body);
        await imageModel.started;
        const active = () => querySqlite<{ n: number }>(test.dataDir, "select count(*) as n from budget_reservations where status = 'active'").n;
        expect(active()).toBe(3);
        client.destroy();
        await expect(imageModel.aborted).resolves.toBeDefined();
        await expect.poll(active).toBe(0);
        expect(querySqlite<{ n: number }>(test.dataDir, 'select count(*) as n from usage_ledger').n).toBe(0);
      } finally {
        await test.dispose();
      }
    });
  }
});
