import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey } from './support/accounting.ts';
import { type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

describe('keys, tenants and the admin API', () => {
  let test: TestServer;
  let alice: OpenAI;
  let bob: OpenAI;
  let bobKey: { id: string; secret: string };
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
    const aliceKey = await createKey(test.server.url, 'alice');
    bobKey = await createKey(test.server.url, 'bob');
    alice = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: aliceKey.secret, maxRetries: 0 });
    bob = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: bobKey.secret, maxRetries: 0 });
  });
  afterAll(async () => test.dispose());

  it("key B cannot read, continue, list or delete key A's responses or images (404, not 403)", async () => {
    const mine = await alice.responses.create({ model: 'simulator', input: 'Draw a plum.', tools: [{ type: 'image_generation', size: '64x64' }] });
    const imageId = imagesOf(mine)[0]!.id;
    await expect(alice.responses.retrieve(mine.id)).resolves.toMatchObject({ id: mine.id });

    await expect(bob.responses.retrieve(mine.id)).rejects.toMatchObject({ status: 404 });
    await expect(bob.responses.inputItems.list(mine.id)).rejects.toMatchObject({ status: 404 });
    await expect(bob.responses.create({ model: 'simulator', input: 'continue', previous_response_id: mine.id })).rejects.toMatchObject({ status: 404, code: 'previous_response_not_found' });
    await expect(
      bob.responses.create({ model: 'simulator', input: [{ role: 'user', content: 'edit it' }, { type: 'image_generation_call', id: imageId } as never], tools: [{ type: 'image_generation' }] }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(bob.responses.delete(mine.id)).rejects.toMatchObject({ status: 404 });
    // Still there for its owner.
    await expect(alice.responses.retrieve(mine.id)).resolves.toMatchObject({ id: mine.id });
    // Usage: each key sees its own.
    const bobUsage = (await (await fetch(`${test.server.url}/v1/usage`, { headers: { authorization: `Bearer ${bobKey.secret}` } })).json()) as { totals: { images: number } };
    expect(bobUsage.totals.images).toBe(0);
  });

  it('no key: 401; a wrong key: 401 invalid_api_key; a revoked key stops working', async () => {
    const none = await fetch(`${test.server.url}/v1/models`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('missing_api_key');
    const wrong = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: 'ig_live_not-a-real-key', maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });

    const temporary = await createKey(test.server.url, 'temporary');
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: temporary.secret, maxRetries: 0 });
    await expect(client.models.list()).resolves.toBeDefined();
    const revoked = await fetch(`${test.server.url}/v1/admin/keys/${temporary.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(((await revoked.json()) as { revoked_at: number | null }).revoked_at).not.toBeNull();
    await expect(client.models.list()).rejects.toMatchObject({ status: 401 });
  });

  it('admin endpoints refuse non-admin keys', async () => {
    for (const [method, path] of [['GET', '/v1/admin/keys'], ['POST', '/v1/admin/keys'], ['PATCH', `/v1/admin/keys/${bobKey.id}`], ['DELETE', `/v1/admin/keys/${bobKey.id}`]] as const) {
      const response = await fetch(`${test.server.url}${path}`, { method, headers: { authorization: `Bearer ${bobKey.secret}`, 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      expect([path, method, response.status]).toEqual([path, method, 403]);
    }
    const usage = await fetch(`${test.server.url}/v1/usage?key_id=${bobKey.id}`, { headers: { authorization: `Bearer ${bobKey.secret}` } });
    expect(usage.status).toBe(403);
  });

  it('the admin sees recent responses of every key with their ignored calls; keys do not', async () => {
    const made = await alice.responses.create({ model: 'simulator-parallel-3', input: 'Draw pears.', tools: [{ type: 'image_generation', size: '64x64' }], max_tool_calls: 1 } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    const listed = (await (await fetch(`${test.server.url}/v1/admin/responses?limit=5`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as {
      data: Array<{ id: string; key_id: string; images_generated: number; ignored_tool_calls: Array<{ reason: string }>; cost_usd: number }>;
    };
    const entry = listed.data.find((summary) => summary.id === made.id)!;
    expect(entry).toMatchObject({ images_generated: 1, ignored_tool_calls: [{ reason: 'max_tool_calls' }, { reason: 'max_tool_calls' }] });
    expect(entry.cost_usd).toBeGreaterThan(0);
    expect(JSON.stringify(listed)).not.toContain('base64');
    const refused = await fetch(`${test.server.url}/v1/admin/responses`, { headers: { authorization: `Bearer ${bobKey.secret}` } });
    expect(refused.status).toBe(403);
  });

  it('per-key policy: allowed models, max images, and a bad policy is a 400 naming the field', async () => {
    const limited = await createKey(test.server.url, 'limited', { allowed_models: ['simulator-parallel-5'], max_images_per_response: 1 });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: limited.secret, maxRetries: 0 });
    await expect(client.responses.create({ model: 'gpt-4.1', input: 'hi' })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    const response = await client.responses.create({ model: 'simulator-parallel-5', input: 'Draw cats.', tools: [{ type: 'image_generation', size: '64x64' }] });
    expect(imagesOf(response)).toHaveLength(1);

    const bad = await fetch(`${test.server.url}/v1/admin/keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'typo', policy: { budgets: { dayly_usd: 5 } } }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { param: string } }).error.param).toBe('policy.budgets.dayly_usd');
  });
});
