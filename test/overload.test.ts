import { request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProceduralImageModel } from '../src/providers/procedural/procedural-image-model.ts';
import type { ImageModel } from '../src/providers/spec/image-model.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

/** The offline renderer, held at the start of each call until the test lets it go. */
function heldImageModel(): { model: ImageModel; started: Promise<void>; letGo(): void } {
  const inner = createProceduralImageModel();
  let markStarted = () => undefined as void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  let letGo = () => undefined as void;
  const gate = new Promise<void>((resolve) => (letGo = resolve));
  return {
    model: {
      provider: inner.provider,
      modelId: inner.modelId,
      async doGenerate(options) {
        markStarted();
        await gate;
        return inner.doGenerate(options);
      },
    },
    started,
    letGo,
  };
}

describe('image work past the cap is 503 server_is_overloaded with Retry-After, before anything is spent', () => {
  let test: TestServer;
  let held: ReturnType<typeof heldImageModel>;
  beforeAll(async () => {
    held = heldImageModel();
    test = await startTestServer(
      { limits: { maxModelSteps: 16, maxConcurrentImageJobs: 1, maxQueuedImageJobs: 0, imageQueueWaitMillis: 2000 } },
      undefined,
      { imageModel: held.model },
    );
  });
  afterAll(async () => {
    held.letGo();
    await test.dispose();
  });

  it('one image job running: the next image request (Responses or Images API) is 503 with Retry-After; text and /health still answer', async () => {
    const first = test.client.responses.create({ model: 'simulator', input: 'Draw a comet.', tools: [{ type: 'image_generation', size: '64x64' }] });
    await held.started;

    const overloaded = await fetch(`${test.server.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'simulator', input: 'Draw a moon.', tools: [{ type: 'image_generation', size: '64x64' }] }),
    });
    expect(overloaded.status).toBe(503);
    expect(overloaded.headers.get('retry-after')).toBe('2');
    expect(await overloaded.json()).toEqual({
      error: { message: expect.any(String) as string, type: 'server_error', param: null, code: 'server_is_overloaded' },
    });
    const images = await test.client.images.generate({ prompt: 'a moon', size: '1024x1024' }).catch((caught: unknown) => caught);
    expect(images).toBeInstanceOf(OpenAI.InternalServerError);
    expect(images).toMatchObject({ status: 503, code: 'server_is_overloaded' });

    // Work without images is not held back by the cap.
    expect((await test.client.responses.create({ model: 'simulator', input: 'hello' })).status).toBe('completed');
    expect((await fetch(`${test.server.url}/health`)).status).toBe(200);
    // The operator sees it: one job running, none queued, and how long the loop was held.
    const load = (await (await fetch(`${test.server.url}/health/load`)).json()) as { image_jobs: unknown; event_loop_lag_ms: { max: number }; rss_bytes: number };
    expect(load.image_jobs).toEqual({ running: 1, queued: 0, max_running: 1, max_queued: 0 });
    expect(load.event_loop_lag_ms.max).toBeGreaterThanOrEqual(0);
    expect(load.rss_bytes).toBeGreaterThan(0);

    held.letGo();
    expect((await first).status).toBe('completed');
    // The slot was given back: the next image request runs.
    const next = await test.client.responses.create({ model: 'simulator', input: 'Draw a moon.', tools: [{ type: 'image_generation', size: '64x64' }] });
    expect(next.output.some((item) => item.type === 'image_generation_call')).toBe(true);
  });
});

describe('request bodies in flight past limits.maxBodyBytesInFlight are 503 with Retry-After, before they are read', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer({ maxBodyBytes: 1_000_000, limits: { maxModelSteps: 16, maxBodyBytesInFlight: 1_200_000 } });
  });
  afterAll(async () => test.dispose());

  /** A JSON body of exactly `bytes` bytes. */
  const bodyOf = (bytes: number) => {
    const head = '{"model":"simulator","input":"';
    const tail = '"}';
    return head + 'y'.repeat(bytes - head.length - tail.length) + tail;
  };

  it('one 900 kB upload half sent: a 600 kB one is refused; once the first is done, it is taken', async () => {
    const slowBody = bodyOf(900_000);
    const url = new URL(`${test.server.url}/v1/responses`);
    const slow = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': slowBody.length } });
    const slowAnswer = new Promise<number>((resolve, reject) => {
      slow.on('response', (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      slow.on('error', reject);
    });
    slow.write(slowBody.slice(0, 450_000));
    // A round trip to the server after the first write: by then it has read the first request's headers.
    await fetch(`${test.server.url}/health`);

    const refused = await fetch(`${test.server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyOf(600_000) });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(((await refused.json()) as { error: unknown }).error).toMatchObject({ type: 'server_error', code: 'server_is_overloaded', param: null });

    slow.end(slowBody.slice(450_000));
    expect(await slowAnswer).toBe(200);
    const taken = await fetch(`${test.server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodyOf(600_000) });
    expect(taken.status).toBe(200);
  });
});
