import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_KEY, createKey } from './support/accounting.ts';
import { type GatedImageModel, gatedImageModel } from './support/gated-image-model.ts';
import { createTestDatabase, describePostgres } from './support/postgres-test-database.ts';
import { KEY_PEPPER, queryPostgres } from './support/scale-out-cluster.ts';
import { type LooseBody, type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

const DRAW: LooseBody = { model: 'simulator', input: 'Draw a harbour.', tools: [{ type: 'image_generation', size: '64x64' }] };

describePostgres('background responses across two instances on one PostgreSQL', () => {
  let folder: string;
  let databaseUrl: string;
  let gate: GatedImageModel;
  let running: TestServer;
  let other: TestServer;
  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'imagegate-background-'));
    databaseUrl = await createTestDatabase();
    const shared = { auth: { adminKey: ADMIN_KEY, keyPepper: KEY_PEPPER }, storage: { database: databaseUrl, blobs: join(folder, 'blobs') } };
    gate = gatedImageModel();
    running = await startTestServer(shared, join(folder, 'a'), { imageModel: gate });
    other = await startTestServer(shared, join(folder, 'b'));
  }, 60_000);
  afterAll(async () => {
    await other.stop();
    await running.stop();
    rmSync(folder, { recursive: true, force: true });
  });

  it('another instance follows the live stream and cancels the run: the running one notices through the database', async () => {
    const key = await createKey(running.server.url, 'across', { budgets: { total_usd: 5 } });
    const onRunning = new OpenAI({ baseURL: `${running.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const onOther = new OpenAI({ baseURL: `${other.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const created = await onRunning.responses.create({ ...DRAW, background: true } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    await gate.started;
    expect((await onOther.responses.retrieve(created.id)).status).toBe('in_progress');

    // Followed from the instance that does not run it, from the first event on.
    const followed = (async () => {
      const events: ResponseStreamEvent[] = [];
      for await (const event of await onOther.responses.retrieve(created.id, { stream: true })) events.push(event);
      return events;
    })();

    const cancelled = await onOther.responses.cancel(created.id);
    expect(cancelled).toMatchObject({ id: created.id, status: 'cancelled', error: null });
    await expect(gate.aborted).resolves.toBeDefined();
    expect(imagesOf(cancelled).filter((item) => typeof item.result === 'string' && item.result.length > 0)).toEqual([]);
    expect(await queryPostgres<{ n: number }>(databaseUrl, "select count(*)::int as n from budget_reservations where status = 'active'")).toEqual({ n: 0 });

    const events = await followed;
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events.slice(0, 3).map((event) => event.type)).toEqual(['response.created', 'response.queued', 'response.in_progress']);
    // OpenAI's stream has no response.cancelled event: it ends with response.failed, status cancelled.
    expect(events.at(-1)).toMatchObject({ type: 'response.failed', response: { status: 'cancelled' } });
    // The same log, read back where it was written.
    const onItsInstance: ResponseStreamEvent[] = [];
    for await (const event of await onRunning.responses.retrieve(created.id, { stream: true, starting_after: 1 })) onItsInstance.push(event);
    expect(onItsInstance).toEqual(events.slice(2));
  }, 30_000);
});
