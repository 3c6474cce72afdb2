import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load-config.ts';
import { type RunningServer, startServer } from '../src/server/start-server.ts';
import { type FakeHttpServer, type RecordedRequest, startFakeHttpServer } from './support/fake-http-server.ts';
import { respondToImages, respondToResponses } from './support/openai-upstream-fake.ts';
import { SEED_IMAGE_TOOL, imagegateOf, imagesOf, startTestServer } from './support/test-server.ts';

/** Today, for the server's clock: after OpenAI shut down gpt-image-1 (2026-10-23) and gpt-image-1.5 (2026-12-01). */
const NOW = Date.parse('2026-12-03T12:00:00Z');
const SHUT_DOWN = new Set(['gpt-image-1', 'gpt-image-1-mini', 'gpt-image-1.5', 'chatgpt-image-latest']);

/** OpenAI as of December 2026: the shut-down image models answer 404 model_not_found; gpt-image-2 draws. */
async function startOpenAIAfterShutdown(): Promise<FakeHttpServer> {
  return startFakeHttpServer(async (request: RecordedRequest) => {
    const model = (request.json() as { model?: string }).model ?? '';
    if (SHUT_DOWN.has(model)) {
      const error = { message: `The model '${model}' does not exist or you do not have access to it.`, type: 'invalid_request_error', param: null, code: 'model_not_found' };
      return { status: 404, json: { error } };
    }
    if (request.url === '/v1/responses') return respondToResponses(request, [{ imageCalls: ['a lighthouse'] }, { text: 'Here is your lighthouse.' }]);
    if (request.url === '/v1/images/generations') return respondToImages(request);
    return { status: 404, json: { error: { message: `no route ${request.url}`, type: 'invalid_request_error', param: null, code: null } } };
  });
}

interface EnvOnlyServer {
  server: RunningServer;
  client: OpenAI;
  close(): Promise<void>;
}

/** imagegate configured by env keys alone, as a user with only an OpenAI key runs it. */
async function startWithEnv(env: NodeJS.ProcessEnv): Promise<EnvOnlyServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-lifecycle-'));
  const config = loadConfig(env, { port: 0, host: '127.0.0.1', dataDir });
  const server = await startServer({ ...config, logLevel: 'silent' }, { now: () => NOW });
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  return {
    server,
    client,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const seedRequest = (tool: Record<string, unknown> = {}) =>
  ({ model: 'gpt-4.1', input: 'Draw a lighthouse.', tools: [{ ...SEED_IMAGE_TOOL, ...tool }] }) as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming;

async function failure(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('with only OPENAI_API_KEY, after OpenAI shut down the gpt-image-1 family', () => {
  let upstream: FakeHttpServer;
  let imagegate: EnvOnlyServer;
  beforeAll(async () => {
    upstream = await startOpenAIAfterShutdown();
    imagegate = await startWithEnv({ OPENAI_API_KEY: 'sk-upstream', OPENAI_BASE_URL: `${upstream.url}/v1` });
  });
  afterAll(async () => {
    await imagegate.close();
    await upstream.close();
  });

  const sentSince = (before: number, url: string) => upstream.requests.slice(before).filter((request) => request.url === url);

  it("the seed request makes exactly its image, on gpt-image-2, and the echoed tool says so", async () => {
    const before = upstream.requests.length;
    const response = await imagegate.client.responses.create(seedRequest());
    expect(response.status).toBe('completed');
    expect(imagesOf(response)).toHaveLength(1);
    expect(imagesOf(response)[0]).toMatchObject({ status: 'completed', output_format: 'jpeg' });
    expect(response.output_text).toBe('Here is your lighthouse.');
    const imageCalls = sentSince(before, '/v1/images/generations');
    expect(imageCalls.map((request) => request.json())).toEqual([
      expect.objectContaining({ model: 'gpt-image-2', prompt: 'a lighthouse', quality: 'medium', output_format: 'jpeg', moderation: 'low' }),
    ]);
    expect(response.tools[0]).toMatchObject({ type: 'image_generation', model: 'gpt-image-2' });
    expect(imagegateOf(response).simulated).toBe(false);
  });

  it('naming gpt-image-1.5 in the tool is a 400 naming tools[0].model and its successor, before any upstream call', async () => {
    const before = upstream.requests.length;
    const error = await failure(imagegate.client.responses.create(seedRequest({ model: 'gpt-image-1.5' })));
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ type: 'invalid_request_error', param: 'tools[0].model', code: 'model_not_found' });
    expect(error.message).toContain("'gpt-image-2'");
    expect(error.message).toContain('2026-12-01');
    expect(upstream.requests.length).toBe(before);
  });

  it("the Images API refuses a retired model the same way, naming 'model'", async () => {
    const before = upstream.requests.length;
    const error = await failure(imagegate.client.images.generate({ model: 'gpt-image-1', prompt: 'a lighthouse' }));
    expect(error.status).toBe(400);
    expect(error.error).toMatchObject({ param: 'model', code: 'model_not_found' });
    expect(error.message).toContain("'gpt-image-2'");
    expect(upstream.requests.length).toBe(before);
    const drawn = await imagegate.client.images.generate({ model: 'gpt-image-2', prompt: 'a lighthouse', size: '1024x1024' });
    expect(drawn.data).toHaveLength(1);
  });
});

describe('with retiredModels: successor (IMAGEGATE_RETIRED_MODELS)', () => {
  let upstream: FakeHttpServer;
  let imagegate: EnvOnlyServer;
  beforeAll(async () => {
    upstream = await startOpenAIAfterShutdown();
    imagegate = await startWithEnv({ OPENAI_API_KEY: 'sk-upstream', OPENAI_BASE_URL: `${upstream.url}/v1`, IMAGEGATE_RETIRED_MODELS: 'successor' });
  });
  afterAll(async () => {
    await imagegate.close();
    await upstream.close();
  });

  it('a tool naming gpt-image-1.5 runs on gpt-image-2, and imagegate.warnings names both', async () => {
    const before = upstream.requests.length;
    const response = await imagegate.client.responses.create(seedRequest({ model: 'gpt-image-1.5' }));
    expect(response.status).toBe('completed');
    expect(imagesOf(response)).toHaveLength(1);
    const imageCalls = upstream.requests.slice(before).filter((request) => request.url === '/v1/images/generations');
    expect(imageCalls.map((request) => (request.json() as { model: string }).model)).toEqual(['gpt-image-2']);
    expect(response.tools[0]).toMatchObject({ model: 'gpt-image-2' });
    const warnings = (response as unknown as { imagegate: { warnings: Array<{ source: string; setting?: string; message: string }> } }).imagegate.warnings;
    expect(warnings).toEqual([expect.objectContaining({ source: 'image', setting: 'tools[0].model', message: expect.stringMatching(/'gpt-image-1\.5'.*'gpt-image-2'/) as unknown })]);
  });

  it('the Images API runs a retired model on its successor too, and says so', async () => {
    const response = await imagegate.client.images.generate({ model: 'gpt-image-1', prompt: 'a lighthouse', size: '1024x1024' });
    expect(response.data).toHaveLength(1);
    const info = (response as unknown as { imagegate: { model: string; warnings: string[] } }).imagegate;
    expect(info.model).toBe('gpt-image-2');
    expect(info.warnings).toEqual([expect.stringMatching(/'gpt-image-1'.*'gpt-image-2'/)]);
  });
});

describe('a retired language model (retirement given by a catalog override)', () => {
  let upstream: FakeHttpServer;
  const start = (retiredModels: 'reject' | 'successor') =>
    startTestServer(
      {
        providers: { openai: { type: 'openai', apiKey: 'sk-upstream', baseURL: `${upstream.url}/v1`, maxRetries: 0 } },
        unknownModels: 'openai',
        retiredModels,
        pricing: {
          assumedMaxOutputTokens: 4096,
          overrides: {
            textModels: {
              'gpt-4o-mini': {
                inputUsdPerMillionTokens: 0.15,
                cachedInputUsdPerMillionTokens: 0.075,
                outputUsdPerMillionTokens: 0.6,
                source: 'test',
                confirmed: false,
                lifecycle: { retiredOn: '2026-07-01', successor: 'gpt-4.1-mini', source: 'test' },
              },
            },
          },
        },
      },
      undefined,
      { now: () => NOW },
    );
  beforeAll(async () => {
    upstream = await startOpenAIAfterShutdown();
  });
  afterAll(async () => upstream.close());

  it("is a 400 naming 'model' and its successor", async () => {
    const test = await start('reject');
    try {
      const error = await failure(test.client.responses.create({ model: 'gpt-4o-mini-2024-07-18', input: 'Hi' }));
      expect(error.status).toBe(400);
      expect(error.error).toMatchObject({ param: 'model', code: 'model_not_found' });
      expect(error.message).toContain("'gpt-4.1-mini'");
    } finally {
      await test.dispose();
    }
  });

  it('runs on the successor with retiredModels: successor, and says so', async () => {
    const test = await start('successor');
    try {
      const before = upstream.requests.length;
      const response = await test.client.responses.create({ model: 'gpt-4o-mini', input: 'Draw a lighthouse.', tools: [SEED_IMAGE_TOOL] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
      expect(response.model).toBe('gpt-4.1-mini');
      const modelCalls = upstream.requests.slice(before).filter((request) => request.url === '/v1/responses');
      expect(modelCalls.map((request) => (request.json() as { model: string }).model)).toEqual(['gpt-4.1-mini', 'gpt-4.1-mini']);
      const warnings = (response as unknown as { imagegate: { warnings: Array<{ source: string; setting?: string; message: string }> } }).imagegate.warnings;
      expect(warnings).toContainEqual(expect.objectContaining({ source: 'model', setting: 'model', message: expect.stringMatching(/'gpt-4o-mini'.*'gpt-4\.1-mini'/) as unknown }));
    } finally {
      await test.dispose();
    }
  });
});
