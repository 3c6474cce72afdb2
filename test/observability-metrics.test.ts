import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey } from './support/accounting.ts';
import { parsePrometheusText, samplesOf, sumOf } from './support/prometheus-text.ts';
import { SEED_IMAGE_TOOL, type LooseBody, type TestServer, imagegateOf, imagesOf, startTestServer } from './support/test-server.ts';

interface CostLine {
  kind: string;
  model: string;
  cost_usd: number | null;
}

const SEED_REQUEST = {
  model: 'simulator-repeat',
  input: [
    { role: 'system', content: 'Only ever generate one image.' },
    { role: 'user', content: 'Draw a lighthouse on a cliff at sunset.' },
  ],
  tools: [SEED_IMAGE_TOOL],
  max_tool_calls: 1,
};

async function scrape(url: string, headers: Record<string, string> = {}) {
  const answer = await fetch(`${url}/metrics`, { headers });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toContain('text/plain');
  return parsePrometheusText(await answer.text());
}

describe('GET /metrics after the seed request', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
  });
  afterAll(async () => test.dispose());

  it('counts the image, the ignored calls by reason, the cost for the key and model, the tokens and the steps', async () => {
    const key = await createKey(test.server.url, 'metered', { budgets: { daily_usd: 5 } });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const before = await scrape(test.server.url);
    expect(sumOf(before, 'imagegate_images_generated_total')).toBe(0);

    const response = await client.responses.create(SEED_REQUEST as LooseBody as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    const info = imagegateOf(response) as ReturnType<typeof imagegateOf> & { model_steps: number; cost: { total_usd: number; lines: CostLine[] } };
    expect(imagesOf(response)).toHaveLength(1);
    const after = await scrape(test.server.url);

    // One image, labelled with what was made.
    const images = samplesOf(after, 'imagegate_images_generated_total');
    expect(images.map((sample) => sample.value)).toEqual([1]);
    expect(images[0]!.labels).toMatchObject({ size: '1024x1024', quality: 'medium' });

    // Ignored calls by reason: as many as the response lists, all max_tool_calls.
    expect(info.ignored_tool_calls.length).toBeGreaterThanOrEqual(1);
    expect(sumOf(after, 'imagegate_ignored_tool_calls_total', { reason: 'max_tool_calls' })).toBe(info.ignored_tool_calls.length);
    expect(sumOf(after, 'imagegate_ignored_tool_calls_total')).toBe(info.ignored_tool_calls.length);

    // The response's cost, line by line, under this key and each line's model and kind.
    expect(info.cost.total_usd).toBeGreaterThan(0);
    const expected = new Map<string, number>();
    for (const line of info.cost.lines) expected.set(`${line.model}|${line.kind}`, (expected.get(`${line.model}|${line.kind}`) ?? 0) + (line.cost_usd ?? 0));
    for (const [modelAndKind, usd] of expected) {
      const [model, kind] = modelAndKind.split('|') as [string, string];
      expect(sumOf(after, 'imagegate_cost_usd_total', { key: key.id, model, kind })).toBeCloseTo(usd, 9);
    }
    expect(sumOf(after, 'imagegate_cost_usd_total', { key: key.id })).toBeCloseTo(info.cost.total_usd, 9);
    const imageLine = info.cost.lines.find((line) => line.kind === 'image')!;
    expect(sumOf(after, 'imagegate_cost_usd_total', { key: key.id, model: imageLine.model, kind: 'image' })).toBeCloseTo(imageLine.cost_usd!, 9);

    // Tokens moved, by the GenAI names: the response's usage for its model.
    const tokens = { gen_ai_request_model: info.resolved_model, gen_ai_token_modality: 'text' };
    expect(sumOf(after, 'imagegate_gen_ai_client_token_usage_total', { ...tokens, gen_ai_token_type: 'input' })).toBe(response.usage!.input_tokens);
    expect(sumOf(after, 'imagegate_gen_ai_client_token_usage_total', { ...tokens, gen_ai_token_type: 'output' })).toBe(response.usage!.output_tokens);
    expect(response.usage!.input_tokens).toBeGreaterThan(0);

    // Model steps and the HTTP request, by route, method and status.
    expect(sumOf(after, 'imagegate_model_steps_total')).toBe(info.model_steps);
    expect(sumOf(after, 'imagegate_model_step_duration_seconds_count')).toBe(info.model_steps);
    expect(sumOf(after, 'imagegate_http_requests_total', { route: '/v1/responses', method: 'POST', status: '200' })).toBe(1);

    // The key's daily budget, less what was spent; nothing still reserved.
    expect(sumOf(after, 'imagegate_budget_left_usd', { key: key.id, window: 'daily' })).toBeCloseTo(5 - info.cost.total_usd, 6);
    expect(sumOf(after, 'imagegate_budget_reservations_active', { key: key.id })).toBe(0);
    // Process metrics come along.
    expect(samplesOf(after, 'process_cpu_user_seconds_total')).toHaveLength(1);
  });

  it('a streamed response counts as an open stream while it runs and the same way once over', async () => {
    const before = await scrape(test.server.url);
    const admin = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: ADMIN_KEY, maxRetries: 0 });
    const stream = await admin.responses.create({ ...(SEED_REQUEST as LooseBody), tools: [{ ...SEED_IMAGE_TOOL, size: '64x64' }], stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming);
    let openDuring: number | undefined;
    for await (const event of stream) {
      if (event.type === 'response.created') openDuring = sumOf(await scrape(test.server.url), 'imagegate_open_streams', { kind: 'sse' });
    }
    expect(openDuring).toBe(1);
    const after = await scrape(test.server.url);
    expect(sumOf(after, 'imagegate_open_streams', { kind: 'sse' })).toBe(0);
    expect(sumOf(after, 'imagegate_images_generated_total', { size: '64x64' }) - sumOf(before, 'imagegate_images_generated_total', { size: '64x64' })).toBe(1);
  });
});

describe('GET /metrics after an Images API call', () => {
  it('counts its images and adds its cost under the key and model', async () => {
    const test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
    try {
      const key = await createKey(test.server.url, 'images');
      const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
      const body = (await client.images.generate({ prompt: 'A floating balloon', size: '256x256', n: 2 })) as unknown as { quality: string; imagegate: { model: string; cost: { total_usd: number } } };
      const samples = await scrape(test.server.url);
      expect(sumOf(samples, 'imagegate_images_generated_total', { model: body.imagegate.model, size: '256x256', quality: body.quality })).toBe(2);
      expect(body.imagegate.cost.total_usd).toBeGreaterThan(0);
      expect(sumOf(samples, 'imagegate_cost_usd_total', { key: key.id, model: body.imagegate.model, kind: 'image' })).toBeCloseTo(body.imagegate.cost.total_usd, 9);
      expect(sumOf(samples, 'imagegate_http_requests_total', { route: '/v1/images/generations', method: 'POST', status: '200' })).toBe(1);
    } finally {
      await test.dispose();
    }
  });
});

describe('GET /metrics behind its own token', () => {
  it('answers 401 without metrics.bearerToken and the scrape with it', async () => {
    const test = await startTestServer({ metrics: { bearerToken: 'scrape-token-123' } });
    try {
      const refused = await fetch(`${test.server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-000' } });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
      const samples = await scrape(test.server.url, { authorization: 'Bearer scrape-token-123' });
      expect(samplesOf(samples, 'imagegate_http_requests_total', { route: '/metrics', status: '401' }).map((sample) => sample.value)).toEqual([1]);
    } finally {
      await test.dispose();
    }
  });
});
