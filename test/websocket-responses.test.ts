import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sequentialIdGenerator } from '../src/ids/id-generator.ts';
import { SEED_IMAGE_TOOL, type TestServer, imagegateOf, startTestServer } from './support/test-server.ts';
import { ResponsesSocket } from './support/responses-socket.ts';

const SEED_REQUEST = {
  model: 'simulator-repeat',
  input: [
    { role: 'system', content: 'Only ever generate one image.' },
    { role: 'user', content: 'Draw a lighthouse on a cliff at sunset.' },
  ],
  tools: [SEED_IMAGE_TOOL],
  max_tool_calls: 1,
};

const ID_KEYS = new Set(['id', 'call_id', 'item_id', 'reused_item_id', 'response_id', 'created_at', 'completed_at']);

/** The same response made twice differs only in ids and timestamps: blank those out. */
function withoutIds(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(/\b(resp|msg|ig|call|fc|rs)_[A-Za-z0-9]+/g, '<id>');
  if (Array.isArray(value)) return value.map(withoutIds);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, ID_KEYS.has(key) ? '<id>' : withoutIds(field)]));
}

describe('WebSocket mode on /v1/responses', () => {
  let test: TestServer;
  beforeAll(async () => {
    // Ids of one length: the ids a model step reads back then cost the same tokens on both transports.
    test = await startTestServer({}, undefined, { generateId: sequentialIdGenerator() });
  });
  afterAll(async () => test.dispose());

  it("runs the seed's request (simulator-repeat, max_tool_calls 1): one image, the ignored calls listed, the same events and final response as SSE", async () => {
    const socket = await ResponsesSocket.open(test.server.url, 'test-key');
    const overSocket = await socket.run(SEED_REQUEST);
    await socket.close();

    const stream = await test.client.responses.create({ ...SEED_REQUEST, stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming);
    const sseEvents: Array<{ type: string; response?: unknown }> = [];
    for await (const event of stream) sseEvents.push(event);
    const overSse = sseEvents.at(-1)?.response;

    expect(overSocket.error).toBeUndefined();
    const response = overSocket.response!;
    expect(response.status).toBe('completed');
    const output = response.output as Array<{ type: string; status?: string; result?: string }>;
    expect(output.filter((item) => item.type === 'image_generation_call')).toHaveLength(1);
    expect(output.at(-1)?.type).toBe('message');
    const ignored = imagegateOf(response).ignored_tool_calls;
    expect(ignored.length).toBeGreaterThanOrEqual(1);
    for (const call of ignored) expect(call.reason).toBe('max_tool_calls');

    expect(overSocket.events.map((event) => event.type)).toEqual(sseEvents.map((event) => event.type));
    expect(overSocket.events.map((event) => event.sequence_number)).toEqual(sseEvents.map((_event, index) => index));
    expect(withoutIds(response)).toEqual(withoutIds(overSse));
  });

  it('runs several response.create messages on one connection one at a time, in order', async () => {
    const socket = await ResponsesSocket.open(test.server.url, 'test-key');
    // Sent back to back: the second must wait for the first to end.
    socket.create({ model: 'simulator', store: false, input: 'Reply with exactly: first' });
    socket.create({ model: 'simulator', store: false, input: 'Reply with exactly: second' });
    const first = await socket.turn();
    const second = await socket.turn();
    await socket.close();
    for (const turn of [first, second]) {
      expect(turn.response?.status).toBe('completed');
      expect(turn.events[0]?.type).toBe('response.created');
      expect(turn.events.map((event) => event.sequence_number)).toEqual(turn.events.map((_event, index) => index));
      // Every event of a turn belongs to its own response: nothing interleaves.
      const ids = new Set(turn.events.flatMap((event) => ((event.response as { id?: string } | undefined)?.id ? [(event.response as { id: string }).id] : [])));
      expect([...ids]).toEqual([turn.response!.id]);
    }
    expect(second.response!.id).not.toBe(first.response!.id);
  });

  it('continues a store:false response on the same connection from only the new input; it is never stored', async () => {
    const socket = await ResponsesSocket.open(test.server.url, 'test-key');
    const first = await socket.run({ model: 'simulator', store: false, input: 'Remember the code word: cobalt. Reply with OK.' });
    const question = 'What is the code word? Reply with only the code word.';
    const continued = await socket.run({ model: 'simulator', store: false, previous_response_id: first.response!.id, input: question });
    const fresh = await socket.run({ model: 'simulator', store: false, input: question });
    await socket.close();
    expect(continued.error).toBeUndefined();
    expect(continued.response).toMatchObject({ status: 'completed', previous_response_id: first.response!.id, store: false });
    // The earlier turn was replayed to the model: more input tokens than the question alone.
    const inputTokens = (turn: typeof fresh) => (turn.response!.usage as { input_tokens: number }).input_tokens;
    expect(inputTokens(continued)).toBeGreaterThan(inputTokens(fresh));
    await expect(test.client.responses.retrieve(first.response!.id as string)).rejects.toMatchObject({ status: 404 });
  });

  it("edits a store:false response's image referenced by id on the same connection; elsewhere the id is item_not_found", async () => {
    const socket = await ResponsesSocket.open(test.server.url, 'test-key');
    const tools = [{ type: 'image_generation', size: '64x64' }];
    const drawn = await socket.run({ model: 'simulator', store: false, input: 'Draw a teapot.', tools });
    const image = (drawn.response!.output as Array<{ type: string; id: string }>).find((item) => item.type === 'image_generation_call')!;
    const reference = [{ role: 'user', content: 'Edit this image: add a hat.' }, { type: 'image_generation_call', id: image.id }];
    const edited = await socket.run({ model: 'simulator', store: false, input: reference, tools });
    await socket.close();
    const editItem = (edited.response!.output as Array<{ type: string; action?: string }>).find((item) => item.type === 'image_generation_call');
    expect(editItem?.action).toBe('edit');

    const elsewhere = await ResponsesSocket.open(test.server.url, 'test-key');
    const missing = await elsewhere.run({ model: 'simulator', store: false, input: reference, tools });
    await elsewhere.close();
    expect(missing.error).toMatchObject({ status: 404, error: { code: 'item_not_found', param: 'input[1].id' } });
  });

  it('a store:false response is gone on a new connection: previous_response_not_found, then a fresh start works', async () => {
    const first = await ResponsesSocket.open(test.server.url, 'test-key');
    const made = await first.run({ model: 'simulator', store: false, input: 'Remember the code word: copper. Reply with OK.' });
    await first.close();

    const second = await ResponsesSocket.open(test.server.url, 'test-key');
    const missed = await second.run({ model: 'simulator', store: false, previous_response_id: made.response!.id, input: 'Continue.' });
    expect(missed.events).toEqual([
      {
        type: 'error',
        status: 404,
        error: {
          type: 'invalid_request_error',
          code: 'previous_response_not_found',
          message: `Previous response with id '${made.response!.id as string}' not found.`,
          param: 'previous_response_id',
        },
      },
    ]);
    const recovered = await second.run({ model: 'simulator', store: false, input: 'Start again. Reply with exactly: recovered' });
    await second.close();
    expect(recovered.response?.status).toBe('completed');
  });

  it('a failed continuation evicts the response it continued: the next attempt is previous_response_not_found', async () => {
    const socket = await ResponsesSocket.open(test.server.url, 'test-key');
    const first = await socket.run({ model: 'simulator', store: false, input: 'Remember the code word: ember. Reply with OK.' });
    const previous = first.response!.id;
    const failed = await socket.run({
      model: 'simulator',
      store: false,
      previous_response_id: previous,
      input: [{ type: 'function_call_output', call_id: 'call_missing', output: 'No such call.' }],
    });
    expect(failed.error).toMatchObject({ type: 'error', status: 400, error: { param: 'input[0].call_id', message: 'No tool call found for function call output with call_id call_missing.' } });
    const retry = await socket.run({ model: 'simulator', store: false, previous_response_id: previous, input: 'Try again.' });
    await socket.close();
    expect(retry.error).toMatchObject({ status: 404, error: { code: 'previous_response_not_found' } });
  });

  it('applies the upgrade request\'s x-imagegate-* headers and the body\'s limits to every turn, as over HTTP', async () => {
    const socket = await ResponsesSocket.open(test.server.url, 'test-key', { 'x-imagegate-max-images': '1' });
    const body = { model: 'simulator-parallel-3', store: false, input: 'Draw three owls.', tools: [{ ...SEED_IMAGE_TOOL, size: '64x64' }] };
    const capped = await socket.run(body);
    const tighter = await socket.run({ ...body, imagegate: { max_images: 0 } });
    await socket.close();
    expect(imagegateOf(capped.response).images_generated).toBe(1);
    expect(imagegateOf(capped.response).ignored_tool_calls.map((call) => call.reason)).toEqual(['max_images', 'max_images']);
    expect(imagegateOf(tighter.response).images_generated).toBe(0);
  });

  it('refuses HTTP-only fields, other message types and bad JSON with error events, and keeps the connection', async () => {
    const socket = await ResponsesSocket.open(test.server.url, 'test-key');
    const streamed = await socket.run({ model: 'simulator', input: 'hi', stream: true });
    expect(streamed.error).toEqual({
      type: 'error',
      status: 400,
      error: { type: 'invalid_request_error', code: 'unsupported_parameter', message: "'stream' is an HTTP field and cannot be sent in a WebSocket response.create message.", param: 'stream' },
    });
    socket.socket.send(JSON.stringify({ type: 'response.cancel' }));
    expect(await socket.turn()).toMatchObject({ error: { status: 400, error: { code: 'invalid_value', param: 'type' } } });
    socket.socket.send('{not json');
    expect(await socket.turn()).toMatchObject({ error: { status: 400, error: { code: 'invalid_json' } } });
    const invalid = await socket.run({ model: 'simulator', input: 'hi', temperature: 9 });
    expect(invalid.error).toMatchObject({ status: 400, error: { type: 'invalid_request_error', param: 'temperature' } });
    const fine = await socket.run({ model: 'simulator', input: 'hi' });
    await socket.close();
    expect(fine.response?.status).toBe('completed');
  });
});


describe('WebSocket mode at shutdown', () => {
  it('closes an idle connection with 1001 (going away) at once instead of holding the shutdown open', async () => {
    const test = await startTestServer({ shutdownGraceMillis: 60_000 });
    try {
      const socket = await ResponsesSocket.open(test.server.url, 'test-key');
      expect((await socket.run({ model: 'simulator', store: false, input: 'hi' })).response?.status).toBe('completed');
      await test.stop();
      expect(await socket.closed).toEqual({ code: 1001, reason: 'server shutting down' });
    } finally {
      await test.dispose();
    }
  });
});
