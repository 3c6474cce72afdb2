import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../src/config/config-schema.ts';
import { ADMIN_KEY, CATALOG, FREE_SIMULATOR_TEXT, createKey } from './support/accounting.ts';
import { gatedImageModel } from './support/gated-image-model.ts';
import { describePostgres } from './support/postgres-test-database.ts';
import { KEY_PEPPER } from './support/scale-out-cluster.ts';
import { type Query, type TwoInstancesSetup, onOnePostgres, onOneSqliteFile } from './support/two-instances.ts';
import { type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

const IMAGE_MICROS = Math.round(CATALOG.imageModels['procedural']!.perImage.usd['medium']!['1024x1024']! * 1_000_000);
const TOOL = { type: 'image_generation', size: '1024x1024', quality: 'medium', output_format: 'png' } as const;
/** Long enough that no lease timer fires during a test: the clock below is the only thing that moves leases. */
const LEASE_MILLIS = 3_600_000;
const t0 = Date.parse('2026-03-02T09:00:00Z');

type Cost = { imagegate: { cost: { total_usd: number | null } } };

/**
 * Instance A stalls mid-image (its renewals held back: no lease timer runs, and its clock moves
 * past lease + grace, as a blocked event loop would). Instance B starts, fences A and takes the
 * budget A had reserved. When A's image finally arrives it must not be delivered or charged.
 */
function fencingScenario(setup: TwoInstancesSetup) {
  let servers: TestServer[] = [];
  let cleanup = () => undefined as void;
  afterEach(async () => {
    for (const server of servers) await server.stop();
    servers = [];
    cleanup();
  });

  /** A with one image parked at the gate, paid by a reservation that takes the key's whole one-image budget. */
  const stallA = async () => {
    const { shared, dataDirs, query, cleanup: done } = await setup();
    cleanup = done;
    const clock = { at: t0 };
    const now = () => clock.at;
    const gate = gatedImageModel();
    const a = await startTestServer(shared, dataDirs[0], { imageModel: gate, now });
    servers.push(a);
    const key = await createKey(a.server.url, 'fenced', { budgets: { total_usd: IMAGE_MICROS / 1e6 } });
    const onA = new OpenAI({ baseURL: `${a.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    const stalled = onA.responses.create({ model: 'simulator', input: 'Draw a lighthouse.', tools: [TOOL] } as never) as Promise<OpenAI.Responses.Response>;
    await gate.started;
    /** B on the same database, started (and so reconciling) at the clock's time. */
    const startB = async () => {
      const b = await startTestServer(shared, dataDirs[1], { now });
      servers.push(b);
      return new OpenAI({ baseURL: `${b.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
    };
    return { clock, gate, key, stalled, startB, query };
  };

  it('an instance stalled past its lease but within the grace period keeps its reservation: its image is delivered, the other instance’s refused', async () => {
    const { clock, gate, key, stalled, startB, query } = await stallA();
    clock.at = t0 + LEASE_MILLIS + 1;
    const onB = await startB();
    const refused = await onB.responses.create({ model: 'simulator', input: 'Draw a harbour.', tools: [TOOL] } as never);
    expect(imagesOf(refused)).toHaveLength(0);
    gate.open();
    const late = await stalled;
    expect(late.status).toBe('completed');
    expect(imagesOf(late)).toHaveLength(1);
    expect((late as unknown as Cost).imagegate.cost.total_usd).toBe(IMAGE_MICROS / 1e6);
    expect(await query(`select coalesce(sum(cost_micros), 0) as n from usage_ledger where key_id = '${key.id}'`)).toBe(IMAGE_MICROS);
    expect(await query(`select count(*) as n from budget_reservations where status = 'active'`)).toBe(0);
  }, 60_000);

  it('a stalled instance’s image whose reservation another instance reclaimed ends failed: not delivered, not charged, released once', async () => {
    const { clock, gate, key, stalled, startB, query } = await stallA();
    // A missed its renewals for a lease and a grace period (one lease by default); B's startup reconciliation fences it.
    clock.at = t0 + 2 * LEASE_MILLIS + 1;
    const onB = await startB();
    const taken = await onB.responses.create({ model: 'simulator', input: 'Draw a harbour.', tools: [TOOL] } as never);
    expect(taken.status).toBe('completed');
    expect(imagesOf(taken)).toHaveLength(1);

    gate.open();
    const late = await stalled;
    expect(late.status).toBe('failed');
    expect(late.error).toMatchObject({ code: 'server_error', message: expect.stringContaining('lost its lease') });
    expect(late.output.filter((item) => item.type === 'image_generation_call').map((item) => [item.status, (item as { result?: string | null }).result ?? null])).toEqual([['failed', null]]);
    expect((late as unknown as Cost).imagegate.cost.total_usd).toBe(0);
    expect((await onB.responses.retrieve(late.id)).status).toBe('failed');

    // One image delivered for a one-image budget, and the ledger holds exactly it.
    expect(await query(`select coalesce(sum(cost_micros), 0) as n from usage_ledger where key_id = '${key.id}'`)).toBe(IMAGE_MICROS);
    expect(await query(`select coalesce(sum(images), 0) as n from usage_ledger where key_id = '${key.id}'`)).toBe(1);
    // A's image reservation: released once, at the fencing, and never settled (its free model step was settled before).
    const imageHolds = `from budget_reservations where response_id = '${late.id}' and amount_micros = ${IMAGE_MICROS}`;
    expect(await query(`select count(*) as n ${imageHolds}`)).toBe(1);
    expect(await query(`select count(*) as n ${imageHolds} and status = 'released' and closed_at = ${t0 + 2 * LEASE_MILLIS + 1} and settled_micros is null`)).toBe(1);
    expect(await query(`select count(*) as n from budget_reservations where status = 'active'`)).toBe(0);
  }, 60_000);
}

const config = (extra: Partial<ConfigInput>): Partial<ConfigInput> => ({
  auth: { adminKey: ADMIN_KEY, keyPepper: KEY_PEPPER },
  pricing: { overrides: FREE_SIMULATOR_TEXT },
  ...extra,
});

describe('lease fencing: two instances on one SQLite file', () => {
  fencingScenario(onOneSqliteFile('imagegate-fencing-', config({ storage: { leaseMillis: LEASE_MILLIS } })));
});

describePostgres('lease fencing: two instances on one PostgreSQL', () => {
  fencingScenario(onOnePostgres('imagegate-fencing-', config({ storage: { leaseMillis: LEASE_MILLIS } })));
});
