import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, CATALOG, FREE_SIMULATOR_TEXT, createKey, querySqlite } from './support/accounting.ts';
import { type TestServer, imagegateOf, imagesOf, startTestServer } from './support/test-server.ts';

const IMAGE_MICROS = Math.round(CATALOG.imageModels['procedural']!.perImage.usd['medium']!['1024x1024']! * 1_000_000);
const TOOL = { type: 'image_generation', size: '1024x1024', quality: 'medium', output_format: 'jpeg' };

describe('budgets enforced by reservation', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY }, pricing: { overrides: FREE_SIMULATOR_TEXT, assumedMaxOutputTokens: 4096 } });
  });
  afterAll(async () => test.dispose());

  it('200 concurrent requests on a key whose budget pays for exactly 10 images: 10 images, ledger = sum of costs, nothing reserved', async () => {
    const key = await createKey(test.server.url, 'ten-images', { budgets: { total_usd: (10 * IMAGE_MICROS) / 1e6 } });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        client.responses.create({ model: 'simulator', input: `Draw fox number ${index}.`, tools: [TOOL] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming),
      ),
    );
    const images = responses.flatMap((response) => imagesOf(response));
    expect(images).toHaveLength(10);
    expect(responses.every((response) => response.status === 'completed')).toBe(true);
    const refused = responses.filter((response) => imagesOf(response).length === 0);
    expect(refused).toHaveLength(190);
    for (const response of refused) expect(imagegateOf(response).ignored_tool_calls.map((call) => call.reason)).toEqual(['budget']);

    const costMicros = responses.reduce((sum, response) => sum + Math.round((response as unknown as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd * 1e6), 0);
    expect(costMicros).toBe(10 * IMAGE_MICROS);
    const usage = (await (await fetch(`${test.server.url}/v1/usage?group_by=model`, { headers: { authorization: `Bearer ${key.secret}` } })).json()) as { totals: { cost_usd: number; images: number } };
    expect(Math.round(usage.totals.cost_usd * 1e6)).toBe(costMicros);
    expect(usage.totals.images).toBe(10);
    expect(querySqlite<{ n: number }>(test.dataDir, "select count(*) as n from budget_reservations where status = 'active'").n).toBe(0);

  }, 120_000);

  it('a request that cannot afford its first step gets 429 insufficient_quota / budget_exceeded', async () => {
    const pricedTest = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
    try {
      const key = await createKey(pricedTest.server.url, 'empty', { budgets: { daily_usd: 0 } });
      const client = new OpenAI({ baseURL: `${pricedTest.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
      const error = await client.responses.create({ model: 'simulator', input: 'hello' }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status: 429, code: 'budget_exceeded', type: 'insufficient_quota' });
      expect(querySqlite<{ n: number }>(pricedTest.dataDir, 'select count(*) as n from responses').n).toBe(0);
    } finally {
      await pricedTest.dispose();
    }
  });

  it('x-imagegate-max-cost-usd caps one response: images beyond it are ignored with reason max_cost', async () => {
    const response = await new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: ADMIN_KEY, maxRetries: 0 }).responses.create(
      { model: 'simulator-parallel-3', input: 'Draw three owls.', tools: [TOOL] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming,
      { headers: { 'x-imagegate-max-cost-usd': ((2 * IMAGE_MICROS + 1) / 1e6).toFixed(6) } },
    );
    expect(imagesOf(response)).toHaveLength(2);
    expect(imagegateOf(response).ignored_tool_calls.map((call) => call.reason)).toEqual(['max_cost']);
  });

  it('keys are stored hashed: the secret is nowhere in the database files', async () => {
    const key = await createKey(test.server.url, 'secret-check');
    for (const file of ['imagegate.sqlite', 'imagegate.sqlite-wal']) {
      let bytes: Buffer;
      try {
        bytes = readFileSync(join(test.dataDir, file));
      } catch {
        continue;
      }
      expect(bytes.includes(Buffer.from(key.secret))).toBe(false);
    }
    const listed = (await (await fetch(`${test.server.url}/v1/admin/keys`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as { data: Array<Record<string, unknown>> };
    const shown = listed.data.find((entry) => entry['id'] === key.id)!;
    expect(shown['prefix']).toBe(key.secret.slice(0, 12));
    expect(JSON.stringify(listed)).not.toContain(key.secret);
    expect(shown).not.toHaveProperty('hash');
  });
});
