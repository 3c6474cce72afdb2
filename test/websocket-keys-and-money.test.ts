import OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImageModel } from '../src/providers/spec/image-model.ts';
import { MAX_QUEUED_MESSAGES, type ScheduleAfter } from '../src/http/websocket/responses-session.ts';
import { ADMIN_KEY, createKey, querySqlite } from './support/accounting.ts';
import { parsePrometheusText } from './support/prometheus-text.ts';
import { hangingImageModel } from './support/hanging-image-model.ts';
import { ResponsesSocket, refusedUpgrade } from './support/responses-socket.ts';
import { type TestServer, imagegateOf, startTestServer } from './support/test-server.ts';

/** Priced like the procedural backend; delivers a real 64x64 PNG once `open()` is called. */
function gatedImageModel(): ImageModel & { started: Promise<void>; open: () => void } {
  let onStart: () => void = () => {};
  let open: () => void = () => {};
  const started = new Promise<void>((resolve) => (onStart = resolve));
  const gate = new Promise<void>((resolve) => (open = resolve));
  return {
    provider: 'procedural',
    modelId: 'procedural',
    started,
    open: () => open(),
    async doGenerate() {
      onStart();
      await gate;
      const data = await sharp({ create: { width: 64, height: 64, channels: 3, background: 'teal' } }).png().toBuffer();
      return { images: [{ data, mediaType: 'image/png', revisedPrompt: undefined }], size: '64x64', quality: 'medium', outputFormat: 'png', background: 'opaque', usage: undefined, warnings: [] };
    },
  };
}

/** Timers the test fires by hand: the 60-minute limit without waiting an hour. */
function manualTimers(): { scheduleAfter: ScheduleAfter; scheduled: Array<{ delayMillis: number; fire: () => void; cancelled: boolean }> } {
  const scheduled: Array<{ delayMillis: number; fire: () => void; cancelled: boolean }> = [];
  return {
    scheduled,
    scheduleAfter: (delayMillis, callback) => {
      const entry = { delayMillis, fire: callback, cancelled: false };
      scheduled.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
  };
}

const activeReservations = (dataDir: string) => querySqlite<{ n: number }>(dataDir, "select count(*) as n from budget_reservations where status = 'active'").n;

describe('WebSocket mode: keys, limits and money as over HTTP', () => {
  let test: TestServer;
  const timers = manualTimers();
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } }, undefined, { scheduleAfter: timers.scheduleAfter });
  });
  afterAll(async () => test.dispose());

  it('refuses the upgrade with the HTTP 401 envelope for a bad or missing key, and 404 off /v1/responses', async () => {
    expect(await refusedUpgrade(test.server.url, { authorization: 'Bearer ig_live_not_a_real_key_000000' })).toEqual({
      status: 401,
      body: { error: { message: 'Incorrect API key provided: ig_live_not_****.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' } },
    });
    expect(await refusedUpgrade(test.server.url, {})).toMatchObject({ status: 401, body: { error: { code: 'missing_api_key' } } });
    expect(await refusedUpgrade(test.server.url, { authorization: `Bearer ${ADMIN_KEY}` }, '/v1/images/generations')).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_url' } },
    });
  });

  it("a key's stored responses made over WebSocket are its own: readable over HTTP by it, 404 for another key", async () => {
    const owner = await createKey(test.server.url, 'owner');
    const other = await createKey(test.server.url, 'other');
    const socket = await ResponsesSocket.open(test.server.url, owner.secret);
    const { response } = await socket.run({ model: 'simulator', input: 'Say hello.' });
    await socket.close();
    const id = response!.id as string;
    const client = (secret: string) => new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: secret, maxRetries: 0 });
    expect((await client(owner.secret).responses.retrieve(id)).status).toBe('completed');
    await expect(client(other.secret).responses.retrieve(id)).rejects.toMatchObject({ status: 404 });
    // The stored chain continues over WebSocket for its owner only.
    const stranger = await ResponsesSocket.open(test.server.url, other.secret);
    const refused = await stranger.run({ model: 'simulator', previous_response_id: id, input: 'And then?' });
    await stranger.close();
    expect(refused.error).toMatchObject({ status: 404, error: { code: 'previous_response_not_found' } });
  });

  it('a key that cannot afford the first step gets a 429 budget_exceeded error event; nothing is stored', async () => {
    const key = await createKey(test.server.url, 'empty', { budgets: { daily_usd: 0 } });
    const socket = await ResponsesSocket.open(test.server.url, key.secret);
    const refused = await socket.run({ model: 'simulator', input: 'hello' });
    await socket.close();
    expect(refused.events).toHaveLength(1);
    expect(refused.error).toMatchObject({ type: 'error', status: 429, error: { type: 'insufficient_quota', code: 'budget_exceeded' } });
    const stored = querySqlite<{ n: number }>(test.dataDir, `select count(*) as n from responses where owner_id = '${key.id}'`).n;
    expect(stored).toBe(0);
  });

  it('requests_per_minute counts each response.create: past it, a 429 rate_limit_exceeded event', async () => {
    const key = await createKey(test.server.url, 'slow', { rate_limits: { requests_per_minute: 2 } });
    const socket = await ResponsesSocket.open(test.server.url, key.secret);
    const turns = [];
    for (let index = 0; index < 3; index += 1) turns.push(await socket.run({ model: 'simulator', store: false, input: `Turn ${index}` }));
    await socket.close();
    expect(turns.map((turn) => turn.response?.status ?? turn.error?.status)).toEqual(['completed', 'completed', 429]);
    expect(turns[2]!.error).toMatchObject({ status: 429, error: { type: 'requests', code: 'rate_limit_exceeded' } });
  });

  it('closes a connection at the 60-minute limit with websocket_connection_limit_reached', async () => {
    const before = timers.scheduled.length;
    const socket = await ResponsesSocket.open(test.server.url, ADMIN_KEY);
    expect((await socket.run({ model: 'simulator', store: false, input: 'hi' })).response?.status).toBe('completed');
    const limit = timers.scheduled[before]!;
    expect(limit.delayMillis).toBe(60 * 60_000);
    limit.fire();
    expect(await socket.next()).toEqual({
      type: 'error',
      status: 400,
      error: {
        type: 'invalid_request_error',
        code: 'websocket_connection_limit_reached',
        message: 'WebSocket connections are limited to 60 minutes. Open a new connection to continue.',
        param: null,
      },
    });
    expect(await socket.closed).toEqual({ code: 1000, reason: 'websocket_connection_limit_reached' });
  });

  it('counts WebSocket turns in the request metrics and open connections by kind', async () => {
    const socket = await ResponsesSocket.open(test.server.url, ADMIN_KEY);
    await socket.run({ model: 'simulator', store: false, input: 'hi' });
    const samples = parsePrometheusText(await (await fetch(`${test.server.url}/metrics`)).text());
    await socket.close();
    const open = samples.find((sample) => sample.name === 'imagegate_open_streams' && sample.labels.kind === 'websocket');
    expect(open?.value).toBe(1);
    const turns = samples.find((sample) => sample.name === 'imagegate_http_requests_total' && sample.labels.method === 'WEBSOCKET' && sample.labels.status === '200');
    expect(turns?.labels.route).toBe('/v1/responses');
    expect(turns?.value).toBeGreaterThanOrEqual(1);
  });
});

describe('WebSocket mode: a client that goes away mid-image', () => {
  it('aborts the image call and the response (cancelled); every reservation is released', async () => {
    const imageModel = hangingImageModel();
    const test = await startTestServer({ auth: { adminKey: ADMIN_KEY } }, undefined, { imageModel });
    try {
      const key = await createKey(test.server.url, 'budgeted', { budgets: { total_usd: 5 } });
      const socket = await ResponsesSocket.open(test.server.url, key.secret);
      socket.create({ model: 'simulator', input: 'Draw a comet.', tools: [{ type: 'image_generation', size: '1024x1024', quality: 'medium' }] });
      await imageModel.started;
      expect(activeReservations(test.dataDir)).toBeGreaterThan(0);
      const created = await socket.next();
      socket.socket.terminate();
      await expect(imageModel.aborted).resolves.toBeDefined();
      await expect.poll(() => activeReservations(test.dataDir)).toBe(0);
      const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
      const id = (created.response as { id: string }).id;
      await expect.poll(async () => (await client.responses.retrieve(id)).status).toBe('cancelled');
      const stored = await client.responses.retrieve(id);
      expect(stored.output.filter((item) => item.type === 'image_generation_call' && item.status === 'completed')).toHaveLength(0);
    } finally {
      await test.dispose();
    }
  });
});

describe('WebSocket mode: a client that sends faster than turns run', () => {
  it(`queues at most ${MAX_QUEUED_MESSAGES} messages behind the turn in flight; past that, a 429 error event each`, async () => {
    const imageModel = hangingImageModel();
    const test = await startTestServer({}, undefined, { imageModel });
    try {
      const socket = await ResponsesSocket.open(test.server.url, 'test-key');
      socket.create({ model: 'simulator', input: 'Draw a comet.', tools: [{ type: 'image_generation', size: '64x64' }] });
      await imageModel.started;
      for (let index = 0; index < MAX_QUEUED_MESSAGES + 2; index += 1) socket.create({ model: 'simulator', store: false, input: `queued ${index}` });
      const refusals = [];
      while (refusals.length < 2) {
        const event = await socket.next();
        if (event.type === 'error') refusals.push(event);
      }
      expect(refusals).toEqual([0, 1].map(() => expect.objectContaining({ status: 429, error: expect.objectContaining({ code: 'too_many_queued_messages' }) })));
      socket.socket.terminate();
      await socket.closed;
    } finally {
      await test.dispose();
    }
  });
});

describe('WebSocket mode: the connection limit reached mid-turn', () => {
  it('lets the turn in flight finish (its image delivered), skips the queued one, then sends the limit error and closes', async () => {
    const imageModel = gatedImageModel();
    const timers = manualTimers();
    const test = await startTestServer({}, undefined, { imageModel, scheduleAfter: timers.scheduleAfter });
    try {
      const socket = await ResponsesSocket.open(test.server.url, 'test-key');
      socket.create({ model: 'simulator', input: 'Draw a comet.', tools: [{ type: 'image_generation', size: '64x64' }] });
      await imageModel.started;
      socket.create({ model: 'simulator', store: false, input: 'Queued behind the image.' });
      timers.scheduled[0]!.fire();
      imageModel.open();
      const turn = await socket.turn();
      expect(turn.response?.status).toBe('completed');
      expect(imagegateOf(turn.response).images_generated).toBe(1);
      expect(await socket.next()).toMatchObject({ type: 'error', status: 400, error: { code: 'websocket_connection_limit_reached' } });
      expect(await socket.closed).toEqual({ code: 1000, reason: 'websocket_connection_limit_reached' });
    } finally {
      await test.dispose();
    }
  });
});
