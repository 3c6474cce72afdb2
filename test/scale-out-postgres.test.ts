import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_KEY, CATALOG, FREE_SIMULATOR_TEXT, createKey } from './support/accounting.ts';
import { createTestDatabase, describePostgres } from './support/postgres-test-database.ts';
import { type S3Fake, startS3Fake } from './support/s3-fake.ts';
import { type Deployment, queryPostgres, startInstance } from './support/scale-out-cluster.ts';
import type { ServeProcess } from './support/serve-process.ts';
import { imagesOf } from './support/test-server.ts';
import { startGenerating } from './support/start-generating.ts';

const IMAGE_MICROS = Math.round(CATALOG.imageModels['procedural']!.perImage.usd['medium']!['1024x1024']! * 1_000_000);
const PRICED = { size: '1024x1024', quality: 'medium' } as const;
const TOOL = { type: 'image_generation', ...PRICED, output_format: 'jpeg' };
const BUCKET = 'imagegate-scale-out';
const pricing = `pricing:\n  overrides: ${JSON.stringify(FREE_SIMULATOR_TEXT)}\n`;

type Cost = { imagegate?: { cost?: { total_usd: number | null } } };
const micros = (body: Cost): number => Math.round((body.imagegate?.cost?.total_usd ?? 0) * 1e6);

describePostgres('three instances on one PostgreSQL and one S3-compatible bucket', () => {
  let deployment: Deployment;
  let s3: S3Fake;
  let instances: ServeProcess[] = [];
  const clientFor = (instance: ServeProcess, apiKey: string) => new OpenAI({ baseURL: `${instance.url}/v1`, apiKey, maxRetries: 0 });
  const pgOne = <T>(text: string, values: unknown[] = []) => queryPostgres<T>(deployment.databaseUrl, text, values);

  beforeAll(async () => {
    s3 = await startS3Fake([BUCKET]);
    deployment = { databaseUrl: await createTestDatabase(), blobUrl: `s3://${BUCKET}/prod`, awsEnv: s3.env, folder: mkdtempSync(join(tmpdir(), 'imagegate-scale-')) };
    // Started together: they migrate the empty database at once, under the advisory lock.
    instances = await Promise.all([1, 2, 3].map(() => startInstance(deployment, pricing)));
  }, 120_000);
  afterAll(async () => {
    if (process.env['DEBUG_SCALE']) for (const instance of instances) process.stderr.write(instance.output().split('\n').filter((line) => line.includes('"level":50')).slice(0, 5).join('\n'));
    await Promise.all(instances.map((instance) => instance.stop()));
    await s3.close();
    rmSync(deployment.folder, { recursive: true, force: true });
  });

  it('300 racing requests (Images and Responses, streamed and not) over 3 instances: exactly the images the budget affords', async () => {
    const affordable = 12;
    const key = await createKey(instances[0]!.url, 'race', { budgets: { daily_usd: (affordable * IMAGE_MICROS) / 1e6 } });
    const clients = instances.map((instance) => clientFor(instance, key.secret));
    const attempt = async (index: number): Promise<{ images: number; micros: number }> => {
      const client = clients[index % 3]!;
      try {
        switch (index % 4) {
          case 0: {
            const body = await client.images.generate({ prompt: `Fox ${index}`, n: 1, ...PRICED });
            return { images: body.data?.length ?? 0, micros: micros(body as Cost) };
          }
          case 1: {
            let result = { images: 0, micros: 0 };
            for await (const event of await client.images.generate({ prompt: `Fox ${index}`, n: 1, stream: true, ...PRICED })) {
              if (event.type === 'image_generation.completed') result = { images: result.images + 1, micros: micros(event as Cost) };
            }
            return result;
          }
          case 2: {
            const body = await client.responses.create({ model: 'simulator', input: `Draw fox ${index}.`, tools: [TOOL] } as never);
            return { images: imagesOf(body).length, micros: micros(body as Cost) };
          }
          default: {
            let result = { images: 0, micros: 0 };
            for await (const event of await client.responses.create({ model: 'simulator', input: `Draw fox ${index}.`, tools: [TOOL], stream: true } as never) as unknown as AsyncIterable<{ type: string; response?: OpenAI.Responses.Response }>) {
              if (event.type === 'response.completed' && event.response) result = { images: imagesOf(event.response).length, micros: micros(event.response as Cost) };
            }
            return result;
          }
        }
      } catch (error) {
        // A refusal is whole: 429 budget_exceeded, nothing made.
        expect(error).toMatchObject({ status: 429, code: 'budget_exceeded' });
        return { images: 0, micros: 0 };
      }
    };
    const results = await Promise.all(Array.from({ length: 300 }, (_, index) => attempt(index)));
    expect(results.reduce((sum, result) => sum + result.images, 0)).toBe(affordable);
    const reported = results.reduce((sum, result) => sum + result.micros, 0);
    const ledger = await pgOne<{ micros: string; images: string }>('select coalesce(sum(cost_micros), 0) as micros, coalesce(sum(images), 0) as images from usage_ledger where key_id = $1', [key.id]);
    expect(Number(ledger.micros)).toBe(reported);
    expect(Number(ledger.micros)).toBeLessThanOrEqual(affordable * IMAGE_MICROS);
    expect(Number(ledger.images)).toBe(affordable);
    expect(await pgOne<{ n: string }>("select count(*) as n from budget_reservations where status = 'active'")).toEqual({ n: '0' });
  }, 180_000);

  it('a response made on A is read, continued and its image edited on B, and deleting it on C empties its folder in the bucket', async () => {
    const [a, b, c] = instances.map((instance) => clientFor(instance, ADMIN_KEY));
    const first = await a!.responses.create({ model: 'simulator', input: 'Draw a green teapot.', tools: [{ type: 'image_generation', size: '128x128', output_format: 'png' }] });
    expect(imagesOf(first)).toHaveLength(1);
    const listed = async () => (await s3.client().send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `prod/responses/${first.id}/` }))).KeyCount ?? 0;
    expect(await listed()).toBeGreaterThan(0);
    expect((await b!.responses.retrieve(first.id)).output).toEqual(first.output);
    const edit = await b!.responses.create({ model: 'simulator', previous_response_id: first.id, input: 'Now edit it: make the teapot red.', tools: [{ type: 'image_generation', size: '128x128', output_format: 'png' }] });
    expect(imagesOf(edit)[0]?.action).toBe('edit');
    expect(await c!.responses.delete(first.id)).toMatchObject({ id: first.id, deleted: true });
    await expect(b!.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
    expect(await listed()).toBe(0);
  }, 60_000);

  it('a requests-per-minute limit of 5 holds across the three instances: the 6th request gets 429', async () => {
    const key = await createKey(instances[0]!.url, 'rpm', { rate_limits: { requests_per_minute: 5 } });
    const statuses: number[] = [];
    for (let index = 0; index < 6; index += 1) {
      const response = await fetch(`${instances[index % 3]!.url}/v1/models`, { headers: { authorization: `Bearer ${key.secret}` } });
      statuses.push(response.status);
      if (response.status === 429) expect(await response.json()).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded', param: null } });
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('SIGKILL one instance mid-generation: the others keep serving, its response fails and its reservation is released, a long response on a live instance is untouched', async () => {
    // Two more instances whose images take 30 s: one is killed, one keeps working.
    const slow = 'simulator:\n  imageDelayMillis: 30000\n';
    const [doomed, busy] = await Promise.all([startInstance(deployment, pricing + slow), startInstance(deployment, pricing + slow)]);
    instances.push(busy);
    const key = await createKey(instances[0]!.url, 'kill', { budgets: { total_usd: 1 } });
    const generating = async (instance: ServeProcess) => {
      const { responseId, reader } = await startGenerating(instance.url, key.secret, TOOL);
      return { id: responseId, reader };
    };
    const [killed, living] = await Promise.all([generating(doomed), generating(busy)]);
    const state = async (responseId: string) =>
      pgOne<{ status: string; active: string }>(
        "select (select status from responses where id = $1) as status, (select count(*) from budget_reservations where response_id = $1 and status = 'active') as active",
        [responseId],
      );
    expect(await state(killed.id)).toEqual({ status: 'in_progress', active: '1' });

    doomed.child.kill('SIGKILL');
    await new Promise((resolve) => doomed.child.once('exit', resolve));
    await killed.reader.cancel().catch(() => undefined);
    const survivor = clientFor(instances[1]!, key.secret);
    expect((await survivor.responses.create({ model: 'simulator', input: 'Still there?' })).status).toBe('completed');
    // Reconciled by a live instance within the lease timeout (3 s here), while they run.
    const deadline = Date.now() + 10_000;
    while ((await state(killed.id)).status !== 'failed' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await state(killed.id)).toEqual({ status: 'failed', active: '0' });
    expect((await survivor.responses.retrieve(killed.id)).error).toMatchObject({ code: 'server_error' });
    expect(await state(living.id)).toEqual({ status: 'in_progress', active: '1' });
    await living.reader.cancel();
  }, 90_000);
});
