import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseStore } from '../src/storage/response-store.ts';
import { ADMIN_KEY, CATALOG, createKey, querySqlite } from './support/accounting.ts';
import { type FakeHttpServer, type RecordedRequest, splitIntoChunks, startFakeHttpServer } from './support/fake-http-server.ts';
import { type TestServer, imagegateOf, imagesOf, startTestServer } from './support/test-server.ts';

/** Output tokens the verbose upstream writes when no output bound is sent (a runaway answer). */
const RUNAWAY_OUTPUT_TOKENS = 20_000;

/**
 * A fake OpenAI Responses upstream that talks as long as it may: exactly `max_output_tokens`
 * tokens when a bound is sent (then `incomplete`, as OpenAI ends a capped answer), 20,000
 * otherwise. Usage reports what it wrote, so a missing bound shows up as money spent.
 */
function verboseResponse(request: RecordedRequest): { chunks: string[] } {
  const body = request.json() as { model: string; max_output_tokens?: number; input: unknown };
  const outputTokens = body.max_output_tokens ?? RUNAWAY_OUTPUT_TOKENS;
  const inputTokens = promptTokens(body.input);
  const capped = body.max_output_tokens !== undefined;
  const text = 'word '.repeat(outputTokens);
  const response = {
    id: 'resp_verbose',
    object: 'response',
    created_at: 1_790_000_000,
    model: body.model,
    status: capped ? 'incomplete' : 'completed',
    incomplete_details: capped ? { reason: 'max_output_tokens' } : null,
    output: [{ id: 'msg_verbose', type: 'message', status: capped ? 'incomplete' : 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] }],
    usage: { input_tokens: inputTokens, input_tokens_details: { cached_tokens: 0 }, output_tokens: outputTokens, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: inputTokens + outputTokens },
  };
  const events = [
    { type: 'response.created', response: { ...response, status: 'in_progress', output: [], usage: null } },
    { type: 'response.output_item.added', output_index: 0, item: { ...response.output[0], status: 'in_progress', content: [] } },
    { type: 'response.output_text.delta', item_id: 'msg_verbose', output_index: 0, content_index: 0, delta: text, logprobs: [] },
    { type: 'response.output_item.done', output_index: 0, item: response.output[0] },
    { type: capped ? 'response.incomplete' : 'response.completed', response },
  ];
  const sse = events.map((event, sequence) => `event: ${event.type}\ndata: ${JSON.stringify({ ...event, sequence_number: sequence })}\n\n`).join('');
  return { chunks: splitIntoChunks(sse, 4093) };
}

/** Counted as OpenAI counts a gpt-4.1 prompt: o200k tokens of every text, plus a few per message. */
function promptTokens(input: unknown): number {
  const messages = Array.isArray(input) ? (input as Array<{ content?: unknown }>) : [{ content: input }];
  let tokens = 3;
  for (const message of messages) {
    const parts = typeof message.content === 'string' ? [{ text: message.content }] : ((message.content ?? []) as Array<{ text?: string }>);
    tokens += 4 + parts.reduce((sum, part) => sum + (part.text ? countTokens(part.text) : 0), 0);
  }
  return tokens;
}

const GPT_41 = CATALOG.textModels['gpt-4.1']!;

describe('budget-shaped model steps: the bound reserved is the bound sent upstream', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    upstream = await startFakeHttpServer((request) => verboseResponse(request));
    test = await startTestServer({
      auth: { adminKey: ADMIN_KEY },
      providers: { openai: { type: 'openai', apiKey: 'sk-upstream', baseURL: `${upstream.url}/v1`, maxRetries: 0 } },
      unknownModels: 'reject',
    });
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  it('50 racing requests on a $0.05 daily budget: the ledger never passes $0.05 and no step costs more than it reserved', async () => {
    const key = await createKey(test.server.url, 'five-cents', { budgets: { daily_usd: 0.05 } });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const before = upstream.requests.length;
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, index) => client.responses.create({ model: 'gpt-4.1', input: `Tell me everything about lighthouse ${index}.` }).catch((error: unknown) => error)),
    );
    const answered = outcomes.filter((outcome): outcome is OpenAI.Responses.Response => !(outcome instanceof Error));
    const refused = outcomes.filter((outcome) => outcome instanceof Error);
    expect(answered.length).toBeGreaterThan(0);
    for (const error of refused) expect(error).toMatchObject({ status: 429, code: 'budget_exceeded' });

    // Every upstream call carried a bound: nobody was allowed to talk for 20,000 tokens.
    const sent = upstream.requests.slice(before).map((request) => request.json() as { max_output_tokens?: number });
    expect(sent.length).toBe(answered.length);
    for (const body of sent) expect(body.max_output_tokens).toBeGreaterThanOrEqual(64);

    const ledger = querySqlite<{ micros: number }>(test.dataDir, `select coalesce(sum(cost_micros), 0) as micros from usage_ledger where key_id = '${key.id}'`).micros;
    expect(ledger).toBeGreaterThan(0);
    expect(ledger).toBeLessThanOrEqual(50_000);
    const overruns = querySqlite<{ n: number }>(test.dataDir, `select count(*) as n from budget_reservations where key_id = '${key.id}' and status = 'settled' and settled_micros > amount_micros`).n;
    expect(overruns).toBe(0);
    expect(querySqlite<{ n: number }>(test.dataDir, "select count(*) as n from budget_reservations where status = 'active'").n).toBe(0);

    // What each response reports is what the ledger holds, and it is priced from the catalog.
    for (const response of answered) {
      const cost = (response as unknown as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd;
      const usage = response.usage!;
      const expected = Math.round(usage.input_tokens * GPT_41.inputUsdPerMillionTokens + usage.output_tokens * GPT_41.outputUsdPerMillionTokens) / 1e6;
      expect(cost).toBeCloseTo(expected, 6);
    }
    const reported = answered.reduce((sum, response) => sum + Math.round((response as unknown as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd * 1e6), 0);
    expect(reported).toBe(ledger);
  }, 60_000);

  it('a $0.002 cap on gpt-4.1: a short answer cut at the affordable bound, never a 4xx', async () => {
    const response = await test.client.responses.create(
      { model: 'gpt-4.1', input: 'Write a very long essay about lighthouses.' },
      { headers: { authorization: `Bearer ${ADMIN_KEY}`, 'x-imagegate-max-cost-usd': '0.002' } },
    );
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details).toEqual({ reason: 'max_output_tokens' });
    expect(response.output_text.length).toBeGreaterThan(0);
    const cost = (response as unknown as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd;
    expect(cost).toBeGreaterThan(0);
    expect(cost).toBeLessThanOrEqual(0.002);
    const sent = upstream.requests.at(-1)!.json() as { max_output_tokens: number };
    // $0.002 pays for at most 250 output tokens at $8/M, less the prompt.
    expect(sent.max_output_tokens).toBeLessThan(250);
    expect(sent.max_output_tokens).toBeGreaterThanOrEqual(64);
  });

  it('without a budget or cap nothing is bounded that the request did not bound', async () => {
    const response = await test.client.responses.create({ model: 'gpt-4.1', input: 'Hi.' }, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
    expect(response.status).toBe('completed');
    expect((upstream.requests.at(-1)!.json() as { max_output_tokens?: number }).max_output_tokens).toBeUndefined();
  });
});

describe('the per-response cap shapes what runs instead of refusing the request', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(async () => test.dispose());

  it('a cap at half one image: completed, no image, a text answer, the call ignored with max_cost, cost within the cap', async () => {
    const imageMicros = Math.round(CATALOG.imageModels['procedural']!.perImage.usd['medium']!['1024x1024']! * 1e6);
    const capUsd = imageMicros / 2 / 1e6;
    const response = await test.client.responses.create(
      { model: 'simulator', input: 'Draw a lighthouse.', tools: [{ type: 'image_generation', size: '1024x1024', quality: 'medium' }] },
      { headers: { 'x-imagegate-max-cost-usd': capUsd.toFixed(6) } },
    );
    expect(response.status).toBe('completed');
    expect(imagesOf(response)).toHaveLength(0);
    expect(response.output_text.length).toBeGreaterThan(0);
    expect(imagegateOf(response).ignored_tool_calls.map((call) => call.reason)).toEqual(['max_cost']);
    const cost = (response as unknown as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd;
    expect(cost).toBeGreaterThan(0);
    expect(cost).toBeLessThanOrEqual(capUsd);
  });
});

describe('one owner per response', () => {
  it('a store whose first save throws: a 500, and 0 active reservations afterwards', async () => {
    let saves = 0;
    const failingFirstSave = (store: ResponseStore): ResponseStore =>
      new Proxy(store, {
        get(target, property, receiver) {
          if (property !== 'save') return Reflect.get(target, property, receiver) as unknown;
          return async (...args: Parameters<ResponseStore['save']>) => {
            saves += 1;
            if (saves === 1) throw new Error('disk full');
            return target.save(...args);
          };
        },
      });
    const test = await startTestServer({ auth: { adminKey: ADMIN_KEY } }, undefined, { wrapResponseStore: failingFirstSave });
    try {
      const key = await createKey(test.server.url, 'budgeted', { budgets: { daily_usd: 1 } });
      const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
      const error = await client.responses.create({ model: 'simulator', input: 'hello' }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status: 500 });
      expect(querySqlite<{ n: number }>(test.dataDir, 'select count(*) as n from budget_reservations').n).toBe(1);
      expect(querySqlite<{ n: number }>(test.dataDir, "select count(*) as n from budget_reservations where status = 'active'").n).toBe(0);
      // The next request works and is charged normally.
      const response = await client.responses.create({ model: 'simulator', input: 'hello again' });
      expect(response.status).toBe('completed');
      expect(querySqlite<{ n: number }>(test.dataDir, "select count(*) as n from budget_reservations where status = 'active'").n).toBe(0);
    } finally {
      await test.dispose();
    }
  });
});
