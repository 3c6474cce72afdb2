import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigInput } from '../src/config/config-schema.ts';
import { type FakeHandler, type FakeHttpServer, type FakeReply, splitIntoChunks, startFakeHttpServer } from './support/fake-http-server.ts';
import { type UpstreamTurn, respondToImages, respondToResponses } from './support/openai-upstream-fake.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

// Upstream errors reach OpenAI's SDK as it expects them: statuses it retries, Retry-After it
// honours, code and param it exposes, x-request-id it reports as `_request_id`.

const ADMIN_KEY = 'admin-key-for-sdk-errors-test';
const fixture = (path: string): unknown => JSON.parse(readFileSync(new URL(`./fixtures/providers/${path}`, import.meta.url), 'utf8')) as unknown;

let upstream: FakeHttpServer | undefined;
let test: TestServer | undefined;
afterEach(async () => {
  await test?.dispose();
  await upstream?.close();
  test = undefined;
  upstream = undefined;
});

/**
 * imagegate in front of a fake upstream. The provider makes no retries of its own unless asked:
 * then an upstream 429 reaches the client at once, and the client's SDK does the waiting.
 */
async function serve(handler: FakeHandler, config: (upstreamUrl: string) => Partial<ConfigInput>): Promise<TestServer> {
  upstream = await startFakeHttpServer(handler);
  test = await startTestServer({ auth: { adminKey: ADMIN_KEY }, ...config(upstream.url) });
  return test;
}

const openAIConfig = (url: string): Partial<ConfigInput> => ({
  providers: { openai: { type: 'openai', apiKey: 'sk-upstream', baseURL: `${url}/v1`, maxRetries: 0 } },
  imageModels: { 'gpt-image-2': { provider: 'openai' } },
  defaultImageModel: 'gpt-image-2',
  unknownModels: 'openai',
});

/** An OpenAI client as a user makes one (default retries), recording every answer it got. */
function recordingClient(server: TestServer, options: { maxRetries?: number } = {}) {
  const answers: Array<{ status: number; retryAfter: string | null; requestId: string | null }> = [];
  const client = new OpenAI({
    baseURL: `${server.server.url}/v1`,
    apiKey: ADMIN_KEY,
    ...options,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      answers.push({ status: response.status, retryAfter: response.headers.get('retry-after'), requestId: response.headers.get('x-request-id') });
      return response;
    },
  });
  return { client, answers };
}

const openAIError = (status: number, error: Record<string, unknown>, headers: Record<string, string> = {}): FakeReply => ({ status, headers, json: { error: { param: null, code: null, ...error } } });
const rateLimited = (retryAfter: string) => openAIError(429, { message: 'Rate limit reached for gpt-4.1 on requests per min.', type: 'requests', code: 'rate_limit_exceeded' }, { 'retry-after': retryAfter });
const drawKite = { model: 'gpt-4.1', input: 'Draw a kite.', tools: [{ type: 'image_generation', size: '1024x1024', quality: 'low' }] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming;
const KITE_TURNS: UpstreamTurn[] = [{ imageCalls: ['a kite'] }, { text: 'Done.' }];

async function rejection(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OpenAI.APIError);
  return error as InstanceType<typeof OpenAI.APIError>;
}

async function storedStatuses(server: TestServer): Promise<string[]> {
  const listing = await fetch(`${server.server.url}/v1/admin/responses`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  return ((await listing.json()) as { data: Array<{ status: string }> }).data.map((row) => row.status);
}

describe('non-streamed upstream errors are HTTP errors the SDK acts on', () => {
  it('(a) 429 with Retry-After: 1 once, then success: the SDK retries and succeeds on its second try', async () => {
    const server = await serve((request, index) => (index === 0 ? rateLimited('1') : respondToResponses(request, [{ text: 'Hello.' }])), openAIConfig);
    const { client, answers } = recordingClient(server);
    // The SDK itself waits the 1 s it was told: the one real wait in this file.
    const response = await client.responses.create({ model: 'gpt-4.1', input: 'Say hello.' });
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('Hello.');
    expect(answers.map(({ status, retryAfter }) => ({ status, retryAfter }))).toEqual([
      { status: 429, retryAfter: '1' },
      { status: 200, retryAfter: null },
    ]);
    expect(upstream?.requests).toHaveLength(2);
    // The first try is stored as failed (its model call was made), never left in progress.
    expect((await storedStatuses(server)).sort()).toEqual(['completed', 'failed']);
  });

  it('(a) on a passthrough route too: a JSON request whose upstream answers 429 gets the 429 and its Retry-After', async () => {
    const server = await serve(() => rateLimited('4'), (url) => ({ ...openAIConfig(url), models: { 'gpt-4.1-hosted': { provider: 'openai', model: 'gpt-4.1', passthrough: true } } }));
    const { client } = recordingClient(server, { maxRetries: 0 });
    const error = await rejection(client.responses.create({ model: 'gpt-4.1-hosted', input: 'Draw a kite.', tools: [{ type: 'image_generation' }] }));
    expect({ status: error.status, code: error.code, retryAfter: error.headers?.get('retry-after') }).toEqual({ status: 429, code: 'rate_limit_exceeded', retryAfter: '4' });
  });

  it('(b) Anthropic 529 overloaded_error is a 503 server_is_overloaded', async () => {
    const server = await serve(() => ({ status: 529, json: fixture('anthropic/messages/error-overloaded.json') }), (url) => ({
      providers: { anthropic: { type: 'anthropic', apiKey: 'sk-ant', baseURL: `${url}/v1`, maxRetries: 0 } },
      models: { 'claude-sonnet-4-5': { provider: 'anthropic' } },
    }));
    const { client } = recordingClient(server, { maxRetries: 0 });
    const error = await rejection(client.responses.create({ model: 'claude-sonnet-4-5', input: 'Hi' }));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect({ status: error.status, type: error.type, code: error.code }).toEqual({ status: 503, type: 'service_unavailable_error', code: 'server_is_overloaded' });
    expect(error.message).toMatch(/anthropic.*Overloaded/);
  });

  it('(c) an upstream 400 naming the image request size is a 400 naming tools[0].size; stored as failed', async () => {
    const server = await serve(
      (request) =>
        request.url === '/v1/responses'
          ? respondToResponses(request, KITE_TURNS)
          : openAIError(400, { message: "Invalid value: '1024x1024'. Supported values are: '1536x1024'.", type: 'invalid_request_error', param: 'size', code: 'invalid_value' }),
      openAIConfig,
    );
    const { client } = recordingClient(server, { maxRetries: 0 });
    const error = await rejection(client.responses.create(drawKite));
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect({ status: error.status, param: error.param, code: error.code, type: error.type }).toEqual({ status: 400, param: 'tools[0].size', code: 'invalid_value', type: 'invalid_request_error' });
    expect(error.message).toContain("Invalid value: '1024x1024'");
    expect(await storedStatuses(server)).toEqual(['failed']);
  });

  it('(h) upstream model_not_found on the image call is a 404 naming tools[0].model, never a 502', async () => {
    const notFound = openAIError(404, { message: "The model 'gpt-image-2' does not exist or you do not have access to it.", type: 'invalid_request_error', code: 'model_not_found' });
    const server = await serve((request) => (request.url === '/v1/responses' ? respondToResponses(request, KITE_TURNS) : notFound), openAIConfig);
    const { client } = recordingClient(server, { maxRetries: 0 });
    const error = await rejection(client.responses.create(drawKite));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect({ status: error.status, param: error.param, code: error.code }).toEqual({ status: 404, param: 'tools[0].model', code: 'model_not_found' });
    // The Images API names its own field.
    const imagesError = await rejection(client.images.generate({ model: 'gpt-image-2', prompt: 'a kite' }));
    expect({ status: imagesError.status, param: imagesError.param, code: imagesError.code }).toEqual({ status: 404, param: 'model', code: 'model_not_found' });
  });

  it('(d) Images API: upstream 429 is a 429 with Retry-After, 503 a 503, a 400 keeps its param', async () => {
    const replies = [rateLimited('7'), openAIError(503, { message: 'The server is overloaded.', type: 'server_error' }), openAIError(400, { message: "Invalid value: 'ultra'.", type: 'invalid_request_error', param: 'quality', code: 'invalid_value' })];
    const server = await serve((_request, index) => replies[index]!, openAIConfig);
    const { client, answers } = recordingClient(server, { maxRetries: 0 });
    const limited = await rejection(client.images.generate({ model: 'gpt-image-2', prompt: 'a kite' }));
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect({ status: limited.status, code: limited.code, retryAfter: limited.headers?.get('retry-after') }).toEqual({ status: 429, code: 'rate_limit_exceeded', retryAfter: '7' });
    const overloaded = await rejection(client.images.generate({ model: 'gpt-image-2', prompt: 'a kite' }));
    expect({ status: overloaded.status, code: overloaded.code }).toEqual({ status: 503, code: 'server_is_overloaded' });
    const refused = await rejection(client.images.generate({ model: 'gpt-image-2', prompt: 'a kite' }));
    expect({ status: refused.status, param: refused.param, code: refused.code }).toEqual({ status: 400, param: 'quality', code: 'invalid_value' });
    expect(answers.map((answer) => answer.status)).toEqual([429, 503, 400]);
  });

  it('(f) a Gemini RetryInfo of 34.4 s is not waited out: 429 at once with Retry-After: 35, one upstream call', async () => {
    const server = await serve(() => ({ status: 429, json: fixture('gemini/generate-content/error-rate-limit-retry-info.json') }), (url) => ({
      // Two retries and the default 20 s total: the 34.4 s wait does not fit, so none is made.
      providers: { google: { type: 'gemini', apiKey: 'gm-key', baseURL: `${url}/v1beta`, maxRetries: 2 } },
      models: { 'gemini-2.5-flash': { provider: 'google' } },
    }));
    const { client } = recordingClient(server, { maxRetries: 0 });
    const startedAt = Date.now();
    const error = await rejection(client.responses.create({ model: 'gemini-2.5-flash', input: 'Hi' }));
    expect(Date.now() - startedAt).toBeLessThan(4000);
    expect({ status: error.status, code: error.code, retryAfter: error.headers?.get('retry-after') }).toEqual({ status: 429, code: 'rate_limit_exceeded', retryAfter: '35' });
    expect(upstream?.requests).toHaveLength(1);
  });
});

/** The events of a streamed request, collected until the stream ends. */
async function streamedEvents(client: OpenAI, body: Record<string, unknown>): Promise<Array<Record<string, unknown>>> {
  const events: Array<Record<string, unknown>> = [];
  const stream = await client.responses.create({ ...body, stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming);
  for await (const event of stream) events.push(event as unknown as Record<string, unknown>);
  return events;
}

const sse = (events: Array<Record<string, unknown>>): FakeReply => ({
  chunks: splitIntoChunks(events.map((event, index) => `event: ${String(event['type'])}\ndata: ${JSON.stringify({ ...event, sequence_number: index })}\n\n`).join(''), 7),
});
const created = { type: 'response.created', response: { id: 'resp_up', object: 'response', created_at: 1, status: 'in_progress', model: 'gpt-4.1', output: [] } };

describe('(e) streamed failures carry the mapped code', () => {
  it('an upstream 429 ends the stream with response.failed, code rate_limit_exceeded', async () => {
    const server = await serve(() => rateLimited('3'), openAIConfig);
    const { client } = recordingClient(server, { maxRetries: 0 });
    const events = await streamedEvents(client, { model: 'gpt-4.1', input: 'Hi' });
    const last = events.at(-1) as { type: string; response: OpenAI.Responses.Response };
    expect(last.type).toBe('response.failed');
    expect(last.response.error?.code).toBe('rate_limit_exceeded');
    expect(last.response.error?.message).toContain('Rate limit reached for gpt-4.1');
  });

  it('an upstream error event in the nested shape keeps its code and message', async () => {
    const nested = { type: 'error', error: { type: 'invalid_request_error', code: 'context_length_exceeded', message: 'Your input exceeds the context window of this model.', param: 'input' } };
    const server = await serve(() => sse([created, nested]), openAIConfig);
    const { client } = recordingClient(server, { maxRetries: 0 });
    const last = (await streamedEvents(client, { model: 'gpt-4.1', input: 'Hi' })).at(-1) as { type: string; response: OpenAI.Responses.Response };
    expect(last.type).toBe('response.failed');
    expect(last.response.error?.code).toBe('context_length_exceeded');
    expect(last.response.error?.message).toContain('Your input exceeds the context window of this model.');
  });

  it('an upstream error event in the older flat shape keeps its code and message', async () => {
    const flat = { type: 'error', code: 'rate_limit_exceeded', message: 'Rate limit reached for gpt-4.1 on tokens per min.', param: null };
    const server = await serve(() => sse([created, flat]), openAIConfig);
    const { client } = recordingClient(server, { maxRetries: 0 });
    const last = (await streamedEvents(client, { model: 'gpt-4.1', input: 'Hi' })).at(-1) as { type: string; response: OpenAI.Responses.Response };
    expect(last.response.error).toMatchObject({ code: 'rate_limit_exceeded' });
    expect(last.response.error?.message).toContain('Rate limit reached for gpt-4.1 on tokens per min.');
  });
});

describe('(g) x-request-id', () => {
  it('is on every answer and becomes the SDK result’s _request_id; a sane incoming one is echoed', async () => {
    const server = await serve((request) => (request.url === '/v1/responses' ? respondToResponses(request, [{ text: 'Hello.' }]) : respondToImages(request)), openAIConfig);
    const { client, answers } = recordingClient(server, { maxRetries: 0 });
    const response = await client.responses.create({ model: 'gpt-4.1', input: 'Say hello.' });
    expect(response._request_id).toMatch(/^req_[0-9a-f]{32}$/);
    expect(answers[0]?.requestId).toBe(response._request_id);
    const base = server.server.url;
    const auth = { authorization: `Bearer ${ADMIN_KEY}` };
    const answered = await Promise.all([
      fetch(`${base}/health`),
      fetch(`${base}/v1/nowhere`, { headers: auth }),
      fetch(`${base}/v1/responses/resp_missing`, { headers: auth }),
      fetch(`${base}/v1/models`),
      fetch(`${base}/v1/responses`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ model: 'gpt-4.1', input: 'Hi', stream: true }) }),
    ]);
    expect(answered.map((answer) => answer.status)).toEqual([200, 404, 404, 401, 200]);
    for (const answer of answered) expect(answer.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    // Read to the end: the streamed one ends with response.completed.
    expect((await Promise.all(answered.map((answer) => answer.text()))).at(-1)).toContain('response.completed');
    const echoed = await fetch(`${base}/health`, { headers: { 'x-request-id': 'client-trace.42_a' } });
    expect(echoed.headers.get('x-request-id')).toBe('client-trace.42_a');
    const unsafe = await fetch(`${base}/health`, { headers: { 'x-request-id': 'bad id; drop' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^req_/);
    const failed = await rejection(client.responses.retrieve('resp_missing'));
    expect(failed.requestID).toMatch(/^req_/);
  });
});
