import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey } from './support/accounting.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

interface OwnKey {
  object: string;
  kind: string;
  id: string | null;
  name: string | null;
  policy: { budgets?: { daily_usd?: number } };
  budgets: Array<{ scope: string; limit_usd: number; used_usd: number; left_usd: number; resets_at: number | null }>;
}

describe('GET /v1/imagegate/key and GET /v1/admin/responses/{id}', () => {
  let test: TestServer;
  const get = (path: string, key: string) => fetch(`${test.server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
  });
  afterAll(async () => {
    await test.dispose();
  });

  it('a key reads its own policy and, per budget window, what is spent and left, to the micro-dollar', async () => {
    const key = await createKey(test.server.url, 'budgeted', { budgets: { daily_usd: 1, total_usd: 10 } });
    const before = (await (await get('/v1/imagegate/key', key.secret)).json()) as OwnKey;
    expect(before).toMatchObject({ object: 'imagegate.key', kind: 'key', id: key.id, name: 'budgeted', policy: { budgets: { daily_usd: 1 } } });
    expect(before.budgets.map((budget) => [budget.scope, budget.limit_usd, budget.used_usd, budget.left_usd])).toEqual([
      ['daily', 1, 0, 1],
      ['total', 10, 0, 10],
    ]);
    const tomorrow = Math.ceil(Date.now() / 86_400_000) * 86_400;
    expect(before.budgets[0]?.resets_at).toBe(tomorrow);
    expect(before.budgets[1]?.resets_at).toBeNull();

    const response = await fetch(`${test.server.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'simulator', input: 'Draw a fox.', tools: [{ type: 'image_generation', size: '1024x1024', quality: 'low' }] }),
    });
    const cost = ((await response.json()) as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd;
    expect(cost).toBeGreaterThan(0);
    const after = (await (await get('/v1/imagegate/key', key.secret)).json()) as OwnKey;
    const daily = after.budgets.find((budget) => budget.scope === 'daily');
    expect(daily?.used_usd).toBe(cost);
    expect(Math.round((daily?.left_usd ?? 0) * 1e6)).toBe(Math.round((1 - cost) * 1e6));
  });

  it('the admin key has no key of its own', async () => {
    expect(await (await get('/v1/imagegate/key', ADMIN_KEY)).json()).toMatchObject({ kind: 'admin', id: null, budgets: [] });
  });

  it('the admin reads any key’s response with images and input; a key may not; unknown ids are 404', async () => {
    const key = await createKey(test.server.url, 'owner');
    const created = await fetch(`${test.server.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json', 'x-imagegate-max-images': '1' },
      body: JSON.stringify({ model: 'simulator-repeat', input: 'Draw a lighthouse.', tools: [{ type: 'image_generation', size: '64x64' }] }),
    });
    const { id } = (await created.json()) as { id: string };
    const detail = (await (await get(`/v1/admin/responses/${id}`, ADMIN_KEY)).json()) as {
      key_id: string;
      response: { id: string; output: Array<{ type: string; result?: string }>; imagegate: { ignored_tool_calls: unknown[] } };
      input_items: Array<{ type?: string; content?: Array<{ text?: string }> }>;
    };
    expect(detail.key_id).toBe(key.id);
    expect(detail.response.id).toBe(id);
    expect(detail.response.output.find((item) => item.type === 'image_generation_call')?.result?.length).toBeGreaterThan(100);
    expect(detail.response.imagegate.ignored_tool_calls.length).toBeGreaterThan(0);
    expect(JSON.stringify(detail.input_items)).toContain('Draw a lighthouse.');

    expect((await get(`/v1/admin/responses/${id}`, key.secret)).status).toBe(403);
    const missing = await get('/v1/admin/responses/resp_nope', ADMIN_KEY);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { param: string; code: string } }).error).toMatchObject({ param: 'response_id', code: 'response_not_found' });
  });
});
