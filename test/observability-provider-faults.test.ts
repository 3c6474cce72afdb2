import type OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from './support/accounting.ts';
import { type FakeHttpServer, startFakeHttpServer } from './support/fake-http-server.ts';
import { type UpstreamTurn, respondToResponses } from './support/openai-upstream-fake.ts';
import { parsePrometheusText, sumOf } from './support/prometheus-text.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

const TURNS: UpstreamTurn[] = [{ imageCalls: ['a kite'] }, { text: 'Done.' }];
const RATE_LIMITED = { status: 429, headers: { 'retry-after': '0' }, json: { error: { message: 'Rate limit', type: 'requests', param: null, code: 'rate_limit_exceeded' } } };
const BROKEN = { status: 500, headers: { 'retry-after': '0' }, json: { error: { message: 'boom', type: 'server_error', param: null, code: null } } };

let upstream: FakeHttpServer | undefined;
let test: TestServer | undefined;
afterEach(async () => {
  await test?.dispose();
  await upstream?.close();
});

describe('provider retries and errors, as an operator sees them', () => {
  it('counts a retried 429 by provider and status, a failed image call by provider and code, and shows it in the live panel', async () => {
    let modelCalls = 0;
    upstream = await startFakeHttpServer(async (request) => {
      if (request.url === '/v1/responses') return modelCalls++ === 0 ? RATE_LIMITED : respondToResponses(request, TURNS);
      // The image endpoint fails every attempt.
      return BROKEN;
    });
    test = await startTestServer({
      auth: { adminKey: ADMIN_KEY },
      providers: { openai: { type: 'openai', apiKey: 'sk', baseURL: `${upstream.url}/v1`, maxRetries: 1, timeoutMillis: 2000 } },
      imageModels: { 'gpt-image-1.5': { provider: 'openai' } },
      defaultImageModel: 'gpt-image-1.5',
      unknownModels: 'openai',
    });
    const client = test.client.withOptions({ apiKey: ADMIN_KEY });
    const request = { model: 'gpt-4.1', input: 'Draw a kite.', tools: [{ type: 'image_generation', size: '1024x1024', quality: 'low' }] };
    // Nothing billable reached the client, so the JSON answer is the upstream failure itself.
    await expect(client.responses.create(request as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming)).rejects.toMatchObject({ status: 502 });

    const samples = parsePrometheusText(await (await fetch(`${test.server.url}/metrics`)).text());
    // The model's 429 was retried once; the image endpoint's 500 once before giving up.
    expect(sumOf(samples, 'imagegate_provider_retries_total', { provider: 'openai.responses', code: '429' })).toBe(1);
    expect(sumOf(samples, 'imagegate_provider_retries_total', { provider: 'openai.images', code: '500' })).toBe(1);
    expect(sumOf(samples, 'imagegate_provider_errors_total', { provider: 'openai.images', code: 'server_error' })).toBe(1);
    expect(sumOf(samples, 'imagegate_provider_errors_total')).toBe(1);

    const live = (await (await fetch(`${test.server.url}/v1/admin/stats`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } })).json()) as { provider_errors: unknown };
    expect(live.provider_errors).toEqual({ 'openai.images': { server_error: 1 } });
  });
});
