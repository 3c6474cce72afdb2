import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer, type FakeHttpServer } from './support/fake-http-server.ts';
import { ADMIN_KEY } from './support/accounting.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

describe('hostile strings and numbers are 400s, never stored, never 500s', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
  });
  afterAll(async () => test.dispose());

  const post = (path: string, body: unknown) =>
    fetch(`${test.server.url}/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_KEY}` }, body: JSON.stringify(body) });

  it('a 10 MB model name is a 400 naming model, on the Responses and the Images API and the image tool', async () => {
    const huge = 'm'.repeat(10_000_000);
    const cases: Array<[string, unknown, string]> = [
      ['/responses', { model: huge, input: 'hi' }, 'model'],
      ['/responses', { model: 'simulator', input: 'hi', tools: [{ type: 'image_generation', model: huge }] }, 'tools[0].model'],
      ['/images/generations', { model: huge, prompt: 'a cat' }, 'model'],
    ];
    for (const [path, body, param] of cases) {
      const answer = await post(path, body);
      expect(answer.status).toBe(400);
      const { error } = (await answer.json()) as ErrorBody;
      expect(error).toMatchObject({ type: 'invalid_request_error', param, code: 'string_above_max_length' });
    }
    // 256 characters is still a name (an unknown one: the simulator answers it by default).
    expect((await post('/responses', { model: 'm'.repeat(256), input: 'hi' })).status).toBe(200);
  });

  it('GET /v1/usage with a 400-digit or out-of-range time is a 400 naming it', async () => {
    for (const [query, param] of [
      [`to=${'9'.repeat(400)}`, 'to'],
      [`from=${'1'.repeat(400)}`, 'from'],
      ['to=8640000000001', 'to'],
    ] as const) {
      const answer = await fetch(`${test.server.url}/v1/usage?${query}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      expect(answer.status).toBe(400);
      expect(((await answer.json()) as ErrorBody).error).toMatchObject({ type: 'invalid_request_error', param, code: 'invalid_value' });
    }
    const fine = await fetch(`${test.server.url}/v1/usage?to=8640000000000`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(fine.status).toBe(200);
  });
});

describe('simulator names with real providers configured', () => {
  let upstream: FakeHttpServer;
  beforeAll(async () => {
    upstream = await startFakeHttpServer(() => ({ status: 500, body: 'the upstream must not be called' }));
  });
  afterAll(async () => upstream.close());
  const providers = () => ({ openai: { type: 'openai' as const, apiKey: 'sk-upstream', baseURL: `${upstream.url}/v1`, maxRetries: 0 } });

  it("with unknownModels 'reject' a simulator name is 404 model_not_found and not listed", async () => {
    const test = await startTestServer({ providers: providers(), unknownModels: 'reject' });
    try {
      const error = await test.client.responses.create({ model: 'simulator', input: 'hi' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect(error).toMatchObject({ status: 404, param: 'model', code: 'model_not_found' });
      const listed = await test.client.models.list();
      expect(listed.data.map((model) => model.id)).not.toContain('simulator');
    } finally {
      await test.dispose();
    }
  });

  it('simulator.enabled: true turns them back on', async () => {
    const test = await startTestServer({ providers: providers(), unknownModels: 'reject', simulator: { enabled: true } });
    try {
      const response = await test.client.responses.create({ model: 'simulator', input: 'hi' });
      expect(response.status).toBe('completed');
    } finally {
      await test.dispose();
    }
  });
});
