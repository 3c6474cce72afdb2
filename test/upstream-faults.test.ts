import type OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeHttpServer, type FakeReply, type RecordedRequest, startFakeHttpServer } from './support/fake-http-server.ts';
import { type UpstreamTurn, respondToImages, respondToResponses } from './support/openai-upstream-fake.ts';
import { type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

const TURNS: UpstreamTurn[] = [{ imageCalls: ['a kite'] }, { text: 'Done.' }];

/** Faults injected in front of a well-behaved OpenAI fake: `fault(request, n)` answers the n-th model or image call. */
type Fault = (kind: 'model' | 'image', request: RecordedRequest, attempt: number) => FakeReply | undefined;

let upstream: FakeHttpServer | undefined;
let test: TestServer | undefined;
afterEach(async () => {
  await test?.dispose();
  await upstream?.close();
  test = undefined;
  upstream = undefined;
});

async function serve(fault: Fault, providerOverrides: Record<string, unknown> = {}) {
  const attempts = { model: 0, image: 0 };
  upstream = await startFakeHttpServer(async (request) => {
    const kind = request.url === '/v1/responses' ? 'model' : 'image';
    const injected = fault(kind, request, attempts[kind]++);
    if (injected) return injected;
    return kind === 'model' ? respondToResponses(request, TURNS) : respondToImages(request);
  });
  test = await startTestServer({
    providers: { openai: { type: 'openai', apiKey: 'sk', baseURL: `${upstream.url}/v1`, maxRetries: 2, timeoutMillis: 2000, ...providerOverrides } },
    imageModels: { 'gpt-image-1.5': { provider: 'openai' } },
    defaultImageModel: 'gpt-image-1.5',
    unknownModels: 'openai',
  });
  return test;
}

async function run(server: TestServer, stream: boolean): Promise<{ response: OpenAI.Responses.Response; lastEvent: string | undefined }> {
  const body = { model: 'gpt-4.1', input: 'Draw a kite.', tools: [{ type: 'image_generation', size: '1024x1024', quality: 'low' }] };
  if (!stream) return { response: await server.client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming), lastEvent: undefined };
  let last: OpenAI.Responses.ResponseStreamEvent | undefined;
  for await (const event of await server.client.responses.create({ ...body, stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming)) last = event;
  return { response: (last as OpenAI.Responses.ResponseCompletedEvent).response, lastEvent: last?.type };
}

const sseCut = (text: string): FakeReply => ({ chunks: [text], destroyAfter: true });

describe('upstream faults end as documented, without hangs or crashes', () => {
  it('429 with Retry-After on the model, then success: completed', async () => {
    const server = await serve((kind, _request, attempt) => (kind === 'model' && attempt === 0 ? { status: 429, headers: { 'retry-after': '0' }, json: { error: { message: 'Rate limit', type: 'requests', param: null, code: 'rate_limit_exceeded' } } } : undefined));
    const { response } = await run(server, false);
    expect(response.error).toBeNull();
    expect(response.status).toBe('completed');
    expect(imagesOf(response)).toHaveLength(1);
  });

  it('500 then success on the image endpoint: completed', async () => {
    const server = await serve((kind, _request, attempt) => (kind === 'image' && attempt === 0 ? { status: 500, headers: { 'retry-after': '0' }, json: { error: { message: 'boom', type: 'server_error', param: null, code: null } } } : undefined));
    const { response } = await run(server, true);
    expect(response.status).toBe('completed');
    expect(imagesOf(response)).toHaveLength(1);
  });

  it('connection reset, then success: completed', async () => {
    const server = await serve((kind, _request, attempt) => (kind === 'model' && attempt === 0 ? { reset: true } : undefined), { maxRetries: 1 });
    // The retry waits the default backoff once (500 ms): the only real wait in this file.
    const { response } = await run(server, false);
    expect(response.status).toBe('completed');
  });

  it('image endpoint keeps failing (503): the call is failed, the response failed with server_is_overloaded', async () => {
    const server = await serve((kind) => (kind === 'image' ? { status: 503, headers: { 'retry-after': '0' }, json: { error: { message: 'overloaded', type: 'server_error', param: null, code: null } } } : undefined));
    const { response, lastEvent } = await run(server, true);
    expect(lastEvent).toBe('response.failed');
    expect(response.status).toBe('failed');
    // Issue 10: an upstream 503 is an overload (503 `server_is_overloaded`), no longer a generic server_error.
    expect(response.error?.code).toBe('server_is_overloaded');
    expect(imagesOf(response).map((item) => item.status)).toEqual(['failed']);
  });

  it('truncated model stream: failed cleanly, stored as failed', async () => {
    const server = await serve((kind) => (kind === 'model' ? sseCut('event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":{"id":"resp_x","object":"response","status":"in_progress","output":[]}}\n\nevent: response.output_text.delta\ndata: {"type":"response.output_te') : undefined));
    const { response, lastEvent } = await run(server, true);
    expect(lastEvent).toBe('response.failed');
    expect(response.status).toBe('failed');
    const stored = await server.client.responses.retrieve(response.id);
    expect(stored.status).toBe('failed');
  });

  // Issue 10: a JSON answer that failed upstream before anything was delivered is the HTTP
  // error itself (502 / 504, which the SDK retries), no longer a 200 `failed` response.
  it('malformed JSON from the model: 502 server_error for JSON, response.failed when streamed', async () => {
    const server = await serve((kind) => (kind === 'model' ? { chunks: ['data: {not json}\n\n'] } : undefined));
    const error = await run(server, false).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502, code: 'server_error' });
    const { response } = await run(server, true);
    expect(response.status).toBe('failed');
    expect(response.error?.code).toBe('server_error');
  });

  it('a model that never answers: times out, 504 for JSON, failed cleanly when streamed', async () => {
    const server = await serve((kind) => (kind === 'model' ? { hang: true } : undefined), { timeoutMillis: 300, maxRetries: 0 });
    const error = await run(server, false).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 504, code: 'server_error' });
    expect((error as Error).message).toMatch(/did not answer within 300 ms/);
    const { response } = await run(server, true);
    expect(response.status).toBe('failed');
    expect(response.error?.message).toMatch(/did not answer within 300 ms/);
  });
});
