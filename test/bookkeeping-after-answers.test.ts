import { get } from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from './support/accounting.ts';
import { parsePrometheusText, sumOf } from './support/prometheus-text.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';
import { IDLE_WORK_MAX_DELAY_MS, idleWorkPending, setIdleWorkMaxDelay } from '../src/idle/idle-work.ts';

/** One image per response, offline. */
const DRAW = { model: 'gpt-4.1', input: 'Draw a fox.', tools: [{ type: 'image_generation', size: '64x64' }], imagegate: { exact_images: 1 } };

/**
 * GET through node:http: fetch is undici, whose sent request would itself drain the waiting work
 * (as an upstream request does) before the server even reads this one.
 */
function read(url: string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (answer) => {
      let text = '';
      answer.setEncoding('utf8');
      answer.on('data', (chunk: string) => (text += chunk));
      answer.on('end', () => resolve(text));
    }).on('error', reject);
  });
}

async function draw(admin: OpenAI, times: number): Promise<number> {
  let spend = 0;
  for (let index = 0; index < times; index += 1) {
    const response = await admin.responses.create(DRAW as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    spend += (response as unknown as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd;
  }
  return spend;
}

// A request's metrics, counts and access-log line wait for an idle moment after its answer
// (src/idle). Held here far longer than the few milliseconds they normally wait, they are still
// all there for whoever reads them: a scrape, the live panel, a shutdown.
describe('bookkeeping kept until the process waits', () => {
  let test: TestServer;
  let admin: OpenAI;
  beforeAll(async () => {
    setIdleWorkMaxDelay(60_000);
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
    admin = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: ADMIN_KEY, maxRetries: 0 });
  });
  afterAll(async () => {
    await test.dispose();
    setIdleWorkMaxDelay(IDLE_WORK_MAX_DELAY_MS);
  });

  it('GET /metrics counts every answer already over: requests, durations and the responses themselves', async () => {
    await draw(admin, 3);
    expect(idleWorkPending()).toBeGreaterThan(0);
    const samples = parsePrometheusText(await read(`${test.server.url}/metrics`));
    expect(sumOf(samples, 'imagegate_http_requests_total', { route: '/v1/responses', method: 'POST', status: '200' })).toBe(3);
    expect(sumOf(samples, 'imagegate_http_request_duration_seconds_count', { route: '/v1/responses', method: 'POST', status: '200' })).toBe(3);
    expect(sumOf(samples, 'imagegate_images_generated_total')).toBe(3);
  });

  it('the live panel counts every answer already over', async () => {
    const before = JSON.parse(await read(`${test.server.url}/v1/admin/stats`, { authorization: `Bearer ${ADMIN_KEY}` })) as { images: number; spend_usd: number };
    const spend = await draw(admin, 2);
    expect(idleWorkPending()).toBeGreaterThan(0);
    const after = JSON.parse(await read(`${test.server.url}/v1/admin/stats`, { authorization: `Bearer ${ADMIN_KEY}` })) as { images: number; spend_usd: number };
    expect(after.images - before.images).toBe(2);
    expect(after.spend_usd - before.spend_usd).toBeCloseTo(spend, 9);
  });

  it('a shutdown does what is left before the services close', async () => {
    await draw(admin, 1);
    expect(idleWorkPending()).toBeGreaterThan(0);
    await test.stop();
    expect(idleWorkPending()).toBe(0);
  });
});
