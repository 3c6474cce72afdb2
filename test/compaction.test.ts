import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, CATALOG, createKey, querySqlite } from './support/accounting.ts';
import { ResponsesSocket } from './support/responses-socket.ts';
import { type ImageItem, type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

type Compacted = OpenAI.Responses.CompactedResponse & { imagegate: { resolved_model: string; cost: { total_usd: number; lines: Array<{ kind: string; cost_usd: number }> } } };
type Item = OpenAI.Responses.ResponseInputItem;

const TOOL = { type: 'image_generation', size: '1024x1024', quality: 'low', output_format: 'png' } as const;

/** Micro-dollars of one simulator step, by hand from the catalog row. */
function simulatorStepMicros(inputTokens: number, outputTokens: number): number {
  const row = CATALOG.textModels['simulator']!;
  return Math.round(inputTokens * row.inputUsdPerMillionTokens + outputTokens * row.outputUsdPerMillionTokens);
}

function compactionOf(compacted: OpenAI.Responses.CompactedResponse): OpenAI.Responses.ResponseCompactionItem {
  const item = compacted.output.at(-1);
  if (item?.type !== 'compaction') throw new Error(`no compaction item last in ${JSON.stringify(compacted.output)}`);
  return item;
}

describe('POST /v1/responses/compact and compaction input items', () => {
  let test: TestServer;
  let alice: OpenAI;
  let bob: OpenAI;
  let aliceId: string;
  let aliceSecret: string;
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
    const aliceKey = await createKey(test.server.url, 'alice');
    aliceId = aliceKey.id;
    aliceSecret = aliceKey.secret;
    alice = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: aliceKey.secret, maxRetries: 0 });
    bob = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: (await createKey(test.server.url, 'bob')).secret, maxRetries: 0 });
  });
  afterAll(async () => test.dispose());

  it('compacts a conversation with an image; the continuation keeps the image (an edit) and lists the compaction item', async () => {
    const drawn = await alice.responses.create({ model: 'simulator', input: 'Draw a red fox in the snow.', tools: [TOOL] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    const [image] = imagesOf(drawn);
    expect(image).toBeDefined();

    const compacted = (await alice.responses.compact({ model: 'simulator', previous_response_id: drawn.id })) as Compacted;
    expect(compacted).toMatchObject({ object: 'response.compaction', id: expect.stringMatching(/^resp_/), created_at: expect.any(Number) });
    // Every user message, then one compaction item whose content says nothing readable.
    expect(compacted.output).toHaveLength(2);
    expect(compacted.output[0]).toMatchObject({ type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text: 'Draw a red fox in the snow.' }] });
    const compaction = compactionOf(compacted);
    expect(compaction.id).toMatch(/^cmp_/);
    expect(compaction.encrypted_content).not.toMatch(/fox|ig_/);
    expect(Buffer.from(compaction.encrypted_content, 'base64url').toString('latin1')).not.toMatch(/fox|ig_/);
    expect(compacted.usage.total_tokens).toBe(compacted.usage.input_tokens + compacted.usage.output_tokens);

    // A new chain: no previous_response_id, the compacted window as input.
    const input = [...compacted.output, { role: 'user', content: 'Make it blue.' }] as Item[];
    const continued = await alice.responses.create({ model: 'simulator', input, tools: [TOOL] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    expect(continued.status).toBe('completed');
    const edits = imagesOf(continued);
    expect(edits).toHaveLength(1);
    // "Make it blue" is an edit only when an image is in context: the one the compaction kept.
    expect(edits[0]!.action).toBe('edit');

    const listed = await alice.responses.inputItems.list(continued.id, { order: 'asc' });
    expect(listed.data.map((item) => item.type)).toEqual(['message', 'compaction', 'message']);
    expect(listed.data[1]).toMatchObject({ id: compaction.id, type: 'compaction', encrypted_content: compaction.encrypted_content });
  });

  it('over WebSocket with store false: the compacted window starts a new chain, and the kept image is edited', async () => {
    const drawn = await alice.responses.create({ model: 'simulator', input: 'Draw a lighthouse at dusk.', tools: [TOOL] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    const compacted = await alice.responses.compact({ model: 'simulator', previous_response_id: drawn.id });
    const socket = await ResponsesSocket.open(test.server.url, aliceSecret);
    const turn = await socket.run({ model: 'simulator', store: false, input: [...compacted.output, { role: 'user', content: 'Make it green.' }], tools: [TOOL] });
    await socket.close();
    expect(turn.error).toBeUndefined();
    expect(turn.response?.status).toBe('completed');
    const edits = (turn.response?.output as ImageItem[]).filter((item) => item.type === 'image_generation_call');
    expect(edits.map((item) => item.action)).toEqual(['edit']);
  });

  it('a compaction of a compacted conversation reads the earlier summary back', async () => {
    const first = await alice.responses.compact({ model: 'simulator', input: [{ role: 'user', content: 'Remember the code word: slate.' }, { role: 'assistant', content: 'OK, slate it is.' }] });
    const later = { role: 'user', content: 'And the colour is teal.' } as Item;
    const second = await alice.responses.compact({ model: 'simulator', input: [...first.output, later] as Item[] });
    expect(second.output.map((item) => item.type)).toEqual(['message', 'message', 'compaction']);
    // The same user messages without the compaction item: the summary is shorter by what the item held
    // (the simulator's summary carries an earlier summary's lines on, the assistant's answer among them).
    const without = await alice.responses.compact({ model: 'simulator', input: [first.output[0], later] as Item[] });
    expect(second.usage.input_tokens).toBeGreaterThan(without.usage.input_tokens);
    expect(second.usage.output_tokens).toBeGreaterThan(without.usage.output_tokens);
  });

  it('another key\'s compaction item, or an altered one, is a 400 naming its encrypted_content', async () => {
    const compacted = await alice.responses.compact({ model: 'simulator', input: 'Our launch is on Tuesday.' });
    const input = [...compacted.output, { role: 'user', content: 'When is the launch?' }] as Item[];
    const foreign = await bob.responses.create({ model: 'simulator', input }).catch((error: unknown) => error);
    expect(foreign).toBeInstanceOf(OpenAI.BadRequestError);
    expect(foreign).toMatchObject({ status: 400, code: 'invalid_encrypted_content', param: 'input[1].encrypted_content', type: 'invalid_request_error' });

    const sealed = compactionOf(compacted).encrypted_content;
    const flipped = Buffer.from(sealed, 'base64url');
    flipped[flipped.length - 3]! ^= 0x20;
    const tampered = [compacted.output[0], { ...compactionOf(compacted), encrypted_content: flipped.toString('base64url') }, { role: 'user', content: 'When?' }] as Item[];
    const altered = await alice.responses.create({ model: 'simulator', input: tampered }).catch((error: unknown) => error);
    expect(altered).toMatchObject({ status: 400, code: 'invalid_encrypted_content', param: 'input[1].encrypted_content' });
    // Over /compact too: the same input parsing.
    const recompact = await alice.responses.compact({ model: 'simulator', input: tampered }).catch((error: unknown) => error);
    expect(recompact).toMatchObject({ status: 400, code: 'invalid_encrypted_content', param: 'input[1].encrypted_content' });
  });

  it('model is required; unknown fields and an empty conversation are 400s naming the parameter', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ input: 'Compact this conversation.' }, 'model', 'missing_required_parameter'],
      [{ model: 'simulator', input: 'x', tools: [] }, 'tools', 'unknown_parameter'],
      [{ model: 'simulator' }, 'input', 'missing_required_parameter'],
      [{ model: 'simulator', input: [{ type: 'compaction' }] }, 'input[0].encrypted_content', 'missing_required_parameter'],
    ];
    for (const [body, param, code] of cases) {
      const error = await alice.responses.compact(body as unknown as OpenAI.Responses.ResponseCompactParams).catch((caught: unknown) => caught);
      expect(error, JSON.stringify(body)).toMatchObject({ status: 400, type: 'invalid_request_error', param, code });
    }
  });

  it('a key limited to other models gets 404 model_not_found, as on /v1/responses', async () => {
    const limited = await createKey(test.server.url, 'limited', { allowed_models: ['simulator-repeat'] });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: limited.secret, maxRetries: 0 });
    const error = await client.responses.compact({ model: 'simulator', input: 'hello' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    expect(querySqlite<{ n: number }>(test.dataDir, `select count(*) as n from usage_ledger where key_id = '${limited.id}'`).n).toBe(0);
  });

  it('previous_response_id of another key is not found', async () => {
    const own = await alice.responses.create({ model: 'simulator', input: 'hello' });
    const error = await bob.responses.compact({ model: 'simulator', previous_response_id: own.id }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 404, code: 'previous_response_not_found', param: 'previous_response_id' });
  });

  it('the summary step is charged: imagegate.cost, the cost header and one ledger row to the micro-dollar', async () => {
    const { data, response } = await alice.responses.compact({ model: 'simulator', input: 'We agreed to launch on Tuesday and notify support first.' }).withResponse();
    const compacted = data as Compacted;
    const micros = simulatorStepMicros(compacted.usage.input_tokens, compacted.usage.output_tokens);
    expect(micros).toBeGreaterThan(0);
    expect(compacted.imagegate.resolved_model).toBe('simulator');
    expect(compacted.imagegate.cost.lines).toEqual([expect.objectContaining({ kind: 'model_step', cost_usd: micros / 1e6 })]);
    expect(Math.round(compacted.imagegate.cost.total_usd * 1e6)).toBe(micros);
    expect(response.headers.get('x-imagegate-cost-usd')).toBe((micros / 1e6).toFixed(6));
    const row = querySqlite<{ n: number; micros: number; key: string; model: string; input: number; output: number }>(
      test.dataDir,
      `select count(*) as n, sum(cost_micros) as micros, max(key_id) as key, max(model) as model, sum(input_tokens) as input, sum(output_tokens) as output from usage_ledger where response_id = '${compacted.id}'`,
    );
    expect(row).toEqual({ n: 1, micros, key: aliceId, model: 'simulator', input: compacted.usage.input_tokens, output: compacted.usage.output_tokens });
  });

  it('a key whose budget cannot pay for the summary step gets 429 budget_exceeded and is charged nothing', async () => {
    const broke = await createKey(test.server.url, 'broke', { budgets: { daily_usd: 0 } });
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: broke.secret, maxRetries: 0 });
    const error = await client.responses.compact({ model: 'simulator', input: 'Compact this.' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429, type: 'insufficient_quota', code: 'budget_exceeded' });
    expect(querySqlite<{ n: number }>(test.dataDir, `select count(*) as n from usage_ledger where key_id = '${broke.id}'`).n).toBe(0);
    expect(querySqlite<{ n: number }>(test.dataDir, "select count(*) as n from budget_reservations where status = 'active'").n).toBe(0);
  });

  it('x-imagegate-max-cost-usd below the step\'s worst case refuses it with 429 max_cost_exceeded', async () => {
    const error = await alice.responses.compact({ model: 'simulator', input: 'Compact this.' }, { headers: { 'x-imagegate-max-cost-usd': '0.000001' } }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429, code: 'max_cost_exceeded' });
  });
});
