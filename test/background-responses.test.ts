import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey, querySqlite } from './support/accounting.ts';
import { parsePrometheusText, sumOf } from './support/prometheus-text.ts';
import { type GatedImageModel, gatedImageModel } from './support/gated-image-model.ts';
import { type LooseBody, type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

const DRAW: LooseBody = { model: 'simulator', input: 'Draw a lighthouse.', tools: [{ type: 'image_generation', size: '64x64' }] };

let test: TestServer | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

async function start(imageModel?: GatedImageModel): Promise<{ client: OpenAI; other: OpenAI; keyId: string; dataDir: string; url: string }> {
  test = await startTestServer({ auth: { adminKey: ADMIN_KEY } }, undefined, imageModel ? { imageModel } : {});
  const url = test.server.url;
  const key = await createKey(url, 'background', { budgets: { total_usd: 5 } });
  const otherKey = await createKey(url, 'someone else');
  return {
    client: new OpenAI({ baseURL: `${url}/v1`, apiKey: key.secret, maxRetries: 0 }),
    other: new OpenAI({ baseURL: `${url}/v1`, apiKey: otherKey.secret, maxRetries: 0 }),
    keyId: key.id,
    dataDir: test.dataDir,
    url,
  };
}

const activeReservations = (dataDir: string) => querySqlite<{ n: number }>(dataDir, "select count(*) as n from budget_reservations where status = 'active'").n;

async function collect(stream: AsyncIterable<ResponseStreamEvent>): Promise<ResponseStreamEvent[]> {
  const events: ResponseStreamEvent[] = [];
  for await (const event of stream) events.push(event);
  return events;
}

describe('background responses through the official client', () => {
  it('answers at once with queued, runs detached, and polling with retrieve reaches completed with the image', async () => {
    const gate = gatedImageModel();
    const { client } = await start(gate);
    const created = await client.responses.create({ ...DRAW, background: true } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    expect(created).toMatchObject({ object: 'response', status: 'queued', background: true, store: true, output: [] });

    // The answer came while the image was still held: the run is not tied to the request.
    await gate.started;
    const midway = await client.responses.retrieve(created.id);
    expect(midway.status).toBe('in_progress');
    expect(imagesOf(midway)).toMatchObject([{ status: 'generating' }]);

    gate.open();
    await expect.poll(async () => (await client.responses.retrieve(created.id)).status, { timeout: 10_000 }).toBe('completed');
    const done = await client.responses.retrieve(created.id);
    expect(imagesOf(done)).toHaveLength(1);
    expect(imagesOf(done)[0]).toMatchObject({ status: 'completed' });
    expect(imagesOf(done)[0]!.result.length).toBeGreaterThan(100);
    expect(done.background).toBe(true);
    // Counted in the metrics when it ended, though no request was open then.
    const imagesCounted = async () => sumOf(parsePrometheusText(await (await fetch(`${test!.server.url}/metrics`)).text()), 'imagegate_images_generated_total', { size: '64x64' });
    await expect.poll(imagesCounted).toBe(1);
  });

  it('cancel mid-image aborts the image, ends cancelled with no image, releases every reservation and charges only what ran', async () => {
    const gate = gatedImageModel();
    const { client, keyId, dataDir } = await start(gate);
    const created = await client.responses.create({ ...DRAW, background: true } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    await gate.started;
    expect(activeReservations(dataDir)).toBe(1);

    const cancelled = await client.responses.cancel(created.id);
    expect(cancelled).toMatchObject({ id: created.id, status: 'cancelled', background: true, error: null });
    await expect(gate.aborted).resolves.toBeDefined();
    expect(imagesOf(cancelled).filter((item) => typeof item.result === 'string' && item.result.length > 0)).toEqual([]);
    expect(imagesOf(cancelled)).toMatchObject([{ status: 'failed' }]);
    expect(activeReservations(dataDir)).toBe(0);

    // The ledger holds what ran (the model step that asked for the image), no image; the response says the same.
    const ledger = querySqlite<{ micros: number; images: number; rows: number }>(
      dataDir,
      `select coalesce(sum(cost_micros), 0) as micros, coalesce(sum(images), 0) as images, count(*) as rows from usage_ledger where key_id = '${keyId}'`,
    );
    expect(ledger).toMatchObject({ images: 0, rows: 1 });
    const cost = (cancelled as unknown as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd;
    expect(Math.round(cost * 1e6)).toBe(ledger.micros);

    // Opening the gate now delivers nothing: the call was aborted.
    gate.open();
    const again = await client.responses.cancel(created.id);
    expect(again).toEqual(cancelled);
    // retrieve adds the SDK's convenience `output_text`; the stored copy is otherwise the same.
    expect(await client.responses.retrieve(created.id)).toEqual({ ...cancelled, output_text: '' });
  });

  it('a streamed background response resumes with starting_after: exactly the events after N, the same as the original tail', async () => {
    const { client } = await start();
    const withPartials = { ...DRAW, tools: [{ type: 'image_generation', size: '64x64', partial_images: 2 }] };
    const original = await collect(await client.responses.create({ ...withPartials, background: true, stream: true } as OpenAI.Responses.ResponseCreateParamsStreaming));
    // Partial images travel through the log too (as blobs), byte for byte.
    expect(original.filter((event) => event.type === 'response.image_generation_call.partial_image')).toHaveLength(2);
    expect(original.map((event) => event.type).slice(0, 3)).toEqual(['response.created', 'response.queued', 'response.in_progress']);
    expect(original[0]).toMatchObject({ response: { status: 'queued', background: true } });
    expect(original.at(-1)).toMatchObject({ type: 'response.completed', response: { status: 'completed' } });
    expect(original.map((event) => event.sequence_number)).toEqual(original.map((_, index) => index));
    const id = (original[0] as OpenAI.Responses.ResponseCreatedEvent).response.id;

    for (const after of [4, original.length - 2]) {
      const resumed = await collect(await client.responses.retrieve(id, { stream: true, starting_after: after }));
      expect(resumed).toEqual(original.slice(after + 1));
    }
    const everything = await collect(await client.responses.retrieve(id, { stream: true }));
    expect(everything).toEqual(original);
    // The image inside the replayed events is the stored one.
    const stored = await client.responses.retrieve(id);
    expect(imagesOf(stored)[0]!.result).toBe(imagesOf((original.at(-1) as OpenAI.Responses.ResponseCompletedEvent).response)[0]!.result);
  });

  it('a client that disconnects from the stream does not stop the work; resuming follows it live to the end', async () => {
    const gate = gatedImageModel();
    const { client } = await start(gate);
    const stream = await client.responses.create({ ...DRAW, background: true, stream: true } as OpenAI.Responses.ResponseCreateParamsStreaming);
    const seen: ResponseStreamEvent[] = [];
    for await (const event of stream) {
      seen.push(event);
      if (event.type === 'response.image_generation_call.generating') break;
    }
    // Leaving the loop aborts the HTTP request.
    expect(stream.controller.signal.aborted).toBe(true);
    const id = (seen[0] as OpenAI.Responses.ResponseCreatedEvent).response.id;
    const last = seen.at(-1)!.sequence_number;

    const resumed = await client.responses.retrieve(id, { stream: true, starting_after: last });
    gate.open();
    const tail = await collect(resumed);
    expect(tail[0]!.sequence_number).toBe(last + 1);
    expect(tail.at(-1)).toMatchObject({ type: 'response.completed', response: { status: 'completed' } });
    expect(tail.filter((event) => event.type === 'response.output_item.done').map((event) => event.item.type)).toContain('image_generation_call');
    expect((await client.responses.retrieve(id)).status).toBe('completed');
  });

  it('another key gets 404 on retrieve, stream resume and cancel; nothing is cancelled', async () => {
    const gate = gatedImageModel();
    const { client, other } = await start(gate);
    const created = await client.responses.create({ ...DRAW, background: true } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    await gate.started;
    for (const attempt of [() => other.responses.retrieve(created.id), () => other.responses.retrieve(created.id, { stream: true, starting_after: 0 }), () => other.responses.cancel(created.id)]) {
      const error = await attempt().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
      expect(error).toMatchObject({ status: 404, code: 'response_not_found', param: 'response_id' });
    }
    gate.open();
    await expect.poll(async () => (await client.responses.retrieve(created.id)).status, { timeout: 10_000 }).toBe('completed');
  });

  it('refuses background with store false, and cancelling or re-streaming a response that is not a background one', async () => {
    const { client } = await start();
    const refused = await client.responses.create({ ...DRAW, background: true, store: false } as OpenAI.Responses.ResponseCreateParamsNonStreaming).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused).toMatchObject({ status: 400, param: 'background', code: 'invalid_value', type: 'invalid_request_error' });

    const plain = await client.responses.create({ model: 'simulator', input: 'Say hi.' });
    const cancel = await client.responses.cancel(plain.id).catch((caught: unknown) => caught);
    expect(cancel).toBeInstanceOf(OpenAI.BadRequestError);
    expect((cancel as Error).message).toMatch(/background/);
    const restream = await client.responses.retrieve(plain.id, { stream: true }).catch((caught: unknown) => caught);
    expect(restream).toMatchObject({ status: 400, param: 'stream' });
    expect((await client.responses.retrieve(plain.id)).status).toBe('completed');
  });
});

describe('background work and the server around it', () => {
  it('a server stopping mid-image ends its background response failed, stored, with nothing held', async () => {
    const gate = gatedImageModel();
    const { client, dataDir } = await start(gate);
    const created = await client.responses.create({ ...DRAW, background: true } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    await gate.started;
    await test!.stop();
    await expect(gate.aborted).resolves.toBeDefined();
    const row = querySqlite<{ status: string }>(dataDir, `select status from responses where id = '${created.id}'`);
    expect(row.status).toBe('failed');
    expect(activeReservations(dataDir)).toBe(0);
  });

  it('deleting a running background response stops it first, and it stays deleted', async () => {
    const gate = gatedImageModel();
    const { client, dataDir } = await start(gate);
    const created = await client.responses.create({ ...DRAW, background: true } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    await gate.started;
    expect(await client.responses.delete(created.id)).toMatchObject({ id: created.id, deleted: true });
    await expect(gate.aborted).resolves.toBeDefined();
    expect(activeReservations(dataDir)).toBe(0);
    expect(await client.responses.retrieve(created.id).catch((caught: unknown) => caught)).toBeInstanceOf(OpenAI.NotFoundError);
    expect(querySqlite<{ n: number }>(dataDir, `select count(*) as n from response_events where response_id = '${created.id}'`).n).toBe(0);
  });
});
