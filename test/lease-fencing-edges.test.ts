import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../src/config/config-schema.ts';
import type { ServiceOverrides } from '../src/server/create-services.ts';
import type { BudgetStore } from '../src/storage/budget-store.ts';
import { ADMIN_KEY, CATALOG, FREE_SIMULATOR_TEXT, createKey } from './support/accounting.ts';
import { type FakeHttpServer, startFakeHttpServer } from './support/fake-http-server.ts';
import { gatedImageModel } from './support/gated-image-model.ts';
import { respondToResponses } from './support/openai-upstream-fake.ts';
import { describePostgres } from './support/postgres-test-database.ts';
import { KEY_PEPPER } from './support/scale-out-cluster.ts';
import { type Query, type TwoInstancesSetup, onOnePostgres, onOneSqliteFile } from './support/two-instances.ts';
import { type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

const IMAGE_MICROS = Math.round(CATALOG.imageModels['procedural']!.perImage.usd['medium']!['1024x1024']! * 1_000_000);
const GPT_41 = CATALOG.textModels['gpt-4.1']!;
/** The fake upstream's usage for every turn (openai-upstream-fake.ts): 120 input and 30 output tokens. */
const STEP_MICROS = Math.round(120 * GPT_41.inputUsdPerMillionTokens + 30 * GPT_41.outputUsdPerMillionTokens);
const TOOL = { type: 'image_generation', size: '1024x1024', quality: 'medium', output_format: 'png' } as const;
/** Long enough that no lease timer fires during a test: the clock below is the only thing that moves leases. */
const LEASE_MILLIS = 3_600_000;
const t0 = Date.parse('2026-03-02T09:00:00Z');
/** Past A's lease and its grace period: B's startup reconciliation fences A. */
const FENCED_AT = t0 + 2 * LEASE_MILLIS + 1;

type Cost = { imagegate: { cost: { total_usd: number | null }; warnings: string[] } };

/**
 * Instance A stalls (its renewals held back: no lease timer runs, and the injected clock moves
 * past lease + grace, as a blocked event loop would) in the middle of some work; instance B
 * starts on the same database at that time and fences A. What A finishes afterwards must be
 * charged exactly as delivered, and must not undo B's reconciliation.
 */
function fencingEdges(setup: TwoInstancesSetup) {
  let servers: TestServer[] = [];
  let upstream: FakeHttpServer | undefined;
  let cleanup = () => undefined as void;
  afterEach(async () => {
    for (const server of servers) await server.stop();
    servers = [];
    await upstream?.close();
    upstream = undefined;
    cleanup();
  });

  /** A and (later) B on one database, with one clock; `extra` is config both share. */
  const deployment = async (extra: Partial<ConfigInput>, overridesA: ServiceOverrides) => {
    const { shared, dataDirs, query, cleanup: done } = await setup();
    cleanup = done;
    const clock = { at: t0 };
    const now = () => clock.at;
    const config = { ...shared, ...extra };
    const a = await startTestServer(config, dataDirs[0], { now, ...overridesA });
    servers.push(a);
    const client = (server: TestServer, secret: string) => new OpenAI({ baseURL: `${server.server.url}/v1`, apiKey: secret, maxRetries: 0 });
    /** B, started (and so reconciling) at the clock's time: after `fence`, that is past A's grace. */
    const startB = async () => {
      const b = await startTestServer(config, dataDirs[1], { now });
      servers.push(b);
      return b;
    };
    const fence = async () => {
      clock.at = FENCED_AT;
      return startB();
    };
    return { a, client, fence, query };
  };

  it.each([
    ['a JSON answer', false],
    ['a stream', true],
  ])('Images API, n=2, fenced between the two settlements (%s): the paid image is delivered, the other omitted and said so, the ledger holds what was delivered', async (_, stream) => {
    let betweenSettlements: (() => Promise<void>) | undefined;
    // Runs the test's action right after A's first settlement commits, before the second starts.
    const pauseAfterFirstSettlement = (store: BudgetStore): BudgetStore => ({
      ...store,
      settle: async (reservationId, settlement) => {
        const settled = await store.settle(reservationId, settlement);
        const action = betweenSettlements;
        betweenSettlements = undefined;
        if (settled && action) await action();
        return settled;
      },
    });
    const gate = gatedImageModel();
    const { a, client, fence, query } = await deployment({}, { imageModel: gate, wrapBudgetStore: pauseAfterFirstSettlement });
    const key = await createKey(a.server.url, 'two-images', { budgets: { total_usd: (2 * IMAGE_MICROS) / 1e6 } });
    const onA = client(a, key.secret);
    const request = { prompt: 'Two lighthouses', n: 2, size: '1024x1024', quality: 'medium' } as const;
    /** What A delivers: the images of the JSON answer, or of the stream's completed events, with the `imagegate` block they carry. */
    const pending = stream
      ? (async () => {
          const events = await onA.images.generate({ ...request, stream: true });
          const completed: Array<{ b64_json: string } & Cost> = [];
          for await (const event of events) if (event.type === 'image_generation.completed') completed.push(event as unknown as { b64_json: string } & Cost);
          return { data: completed, imagegate: completed[0]?.imagegate };
        })()
      : onA.images.generate(request).then((body) => body as unknown as OpenAI.Images.ImagesResponse & Cost);
    await gate.started;

    let takenByB: OpenAI.Images.ImagesResponse | undefined;
    betweenSettlements = async () => {
      // B fences A (releasing A's unsettled second image) and buys an image with that money.
      const b = await fence();
      takenByB = await client(b, key.secret).images.generate({ ...request, n: 1 });
    };
    gate.open();
    const answer = await pending;
    expect(takenByB?.data).toHaveLength(1);

    expect(answer.data).toHaveLength(1);
    expect(answer.imagegate?.cost.total_usd).toBe(IMAGE_MICROS / 1e6);
    expect(answer.imagegate?.warnings).toContainEqual(expect.stringContaining('1 of the 2 images made were not delivered or charged: this server instance lost its lease'));
    // Two images delivered in all (one each) for a two-image budget, and the ledger holds exactly those.
    expect(await query(`select coalesce(sum(images), 0) as n from usage_ledger where key_id = '${key.id}'`)).toBe(2);
    expect(await query(`select coalesce(sum(cost_micros), 0) as n from usage_ledger where key_id = '${key.id}'`)).toBe(2 * IMAGE_MICROS);
    // A's second hold: released once, at the fencing, never settled.
    expect(await query(`select count(*) as n from budget_reservations where status = 'released' and closed_at = ${FENCED_AT} and settled_micros is null`)).toBe(1);
    expect(await query(`select count(*) as n from budget_reservations where status = 'active'`)).toBe(0);
  }, 60_000);

  it('a model step fenced while it ran: its tokens are charged all the same, the response ends failed saying so', async () => {
    let openUpstream = () => undefined as void;
    const upstreamGate = new Promise<void>((resolve) => (openUpstream = resolve));
    let stepStarted = () => undefined as void;
    const started = new Promise<void>((resolve) => (stepStarted = resolve));
    upstream = await startFakeHttpServer(async (request) => {
      stepStarted();
      await upstreamGate;
      return respondToResponses(request, [{ text: 'The lighthouse stands on the rock.' }]);
    });
    const providers = { openai: { type: 'openai', apiKey: 'sk-upstream', baseURL: `${upstream.url}/v1`, maxRetries: 0 } } as const;
    const { a, client, fence, query } = await deployment({ providers }, {});
    const key = await createKey(a.server.url, 'text', { budgets: { total_usd: 1 } });
    const pending = client(a, key.secret).responses.create({ model: 'gpt-4.1', input: 'Describe a lighthouse.' });
    await started;
    const b = await fence();
    openUpstream();
    const late = await pending;

    // The ledger holds the step as the upstream reported it, though its reservation was released by B.
    expect(await query(`select coalesce(sum(cost_micros), 0) as n from usage_ledger where key_id = '${key.id}'`)).toBe(STEP_MICROS);
    expect(await query(`select coalesce(sum(output_tokens), 0) as n from usage_ledger where key_id = '${key.id}'`)).toBe(30);
    expect((late as unknown as Cost).imagegate.cost.total_usd).toBe(STEP_MICROS / 1e6);
    expect(late.status).toBe('failed');
    expect(late.error).toMatchObject({ code: 'server_error', message: expect.stringContaining('the text already produced was charged') });
    expect(late.output.filter((item) => item.type === 'message')).toHaveLength(1);
    expect(await query(`select count(*) as n from budget_reservations where response_id = '${late.id}' and status = 'released' and closed_at = ${FENCED_AT}`)).toBe(1);
    expect(await query(`select count(*) as n from budget_reservations where status = 'active'`)).toBe(0);
    expect((await client(b, key.secret).responses.retrieve(late.id)).status).toBe('failed');
  }, 60_000);

  it('a response without a reservation, reconciled as failed while its instance stalled, stays failed when that instance finishes it', async () => {
    const gate = gatedImageModel();
    const { a, client, fence, query } = await deployment({ pricing: { overrides: FREE_SIMULATOR_TEXT } }, { imageModel: gate });
    // No budget and no cap: nothing is reserved, so no settlement can notice the fencing.
    const key = await createKey(a.server.url, 'unbudgeted');
    const pending = client(a, key.secret).responses.create({ model: 'simulator', input: 'Draw a lighthouse.', tools: [TOOL] } as never) as Promise<OpenAI.Responses.Response>;
    await gate.started;
    const b = await fence();
    const onB = client(b, key.secret);
    gate.open();
    const late = await pending;

    // A's late end is not stored over B's verdict, and A's client is told the stored outcome.
    expect(late.status).toBe('failed');
    expect(late.error).toMatchObject({ code: 'server_error', message: expect.stringContaining('another instance had already ended it as failed') });
    expect(imagesOf(late)).toHaveLength(1);
    // B's reconciliation (at its start, before A finished) is what is stored.
    const stored = await onB.responses.retrieve(late.id);
    expect(stored.status).toBe('failed');
    expect(stored.error).toMatchObject({ code: 'server_error', message: 'The server stopped before this response finished.' });
    expect(await query(`select count(*) as n from budget_reservations where response_id = '${late.id}'`)).toBe(0);
  }, 60_000);
}

const config = (extra: Partial<ConfigInput>): Partial<ConfigInput> => ({
  auth: { adminKey: ADMIN_KEY, keyPepper: KEY_PEPPER },
  ...extra,
});

describe('lease fencing edge cases: two instances on one SQLite file', () => {
  fencingEdges(onOneSqliteFile('imagegate-fencing-edges-', config({ storage: { leaseMillis: LEASE_MILLIS } })));
});

describePostgres('lease fencing edge cases: two instances on one PostgreSQL', () => {
  fencingEdges(onOnePostgres('imagegate-fencing-edges-', config({ storage: { leaseMillis: LEASE_MILLIS } })));
});
