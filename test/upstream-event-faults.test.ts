import type OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeHttpServer, type RecordedRequest, splitIntoChunks, startFakeHttpServer } from './support/fake-http-server.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

// The text path reads upstream events without a schema parse per delta (issue 14): an event it
// reads that is malformed must still end the response cleanly, the same as before.

let upstream: FakeHttpServer | undefined;
let test: TestServer | undefined;
afterEach(async () => {
  await test?.dispose();
  await upstream?.close();
  test = undefined;
  upstream = undefined;
});

const frame = (events: Array<Record<string, unknown>>): string => events.map((event) => `event: ${String(event['type'])}\ndata: ${JSON.stringify(event)}\n\n`).join('');

/** A Responses stream whose third text delta carries a number where its text belongs, cut in 5-byte chunks. */
function malformedMidStream(request: RecordedRequest) {
  const body = request.json() as { model: string };
  const response = { id: 'resp_up', object: 'response', created_at: 1_790_000_000, status: 'in_progress', model: body.model, output: [], usage: null };
  const item = { id: 'msg_up', type: 'message', status: 'in_progress', role: 'assistant', content: [] };
  const delta = (value: unknown) => ({ type: 'response.output_text.delta', item_id: 'msg_up', output_index: 0, content_index: 0, delta: value, logprobs: [] });
  const text = frame([
    { type: 'response.created', response },
    { type: 'response.output_item.added', output_index: 0, item },
    delta('Once '),
    delta('upon '),
    delta(42),
    delta('a time.'),
    { type: 'response.completed', response: { ...response, status: 'completed', usage: { input_tokens: 10, output_tokens: 4 } } },
  ]);
  return { headers: { 'content-type': 'text/event-stream' }, chunks: splitIntoChunks(text, 5) };
}

async function serve(): Promise<TestServer> {
  upstream = await startFakeHttpServer((request) => malformedMidStream(request));
  test = await startTestServer({
    providers: { openai: { type: 'openai', apiKey: 'sk', baseURL: `${upstream.url}/v1`, maxRetries: 0, timeoutMillis: 2000 } },
    unknownModels: 'openai',
  });
  return test;
}

describe('a malformed event in the middle of an upstream text stream', () => {
  it('streamed: the text before it arrives, then response.failed with server_error; stored failed', async () => {
    const server = await serve();
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of await server.client.responses.create({ model: 'gpt-4.1', input: 'Tell a story.', stream: true })) events.push(event);
    const deltas = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
    expect(deltas).toEqual(['Once ', 'upon ']);
    const last = events.at(-1);
    expect(last?.type).toBe('response.failed');
    const response = (last as OpenAI.Responses.ResponseFailedEvent).response;
    expect(response.status).toBe('failed');
    expect(response.error?.code).toBe('server_error');
    expect(response.error?.message).toMatch(/malformed response\.output_text\.delta event/);
    // Nothing is left in progress: the message the text went into is closed as incomplete.
    expect(response.output.map((item) => ('status' in item ? item.status : undefined))).toEqual(['incomplete']);
    const stored = await server.client.responses.retrieve(response.id);
    expect(stored.status).toBe('failed');
  });

  it('JSON: the answer is the 502 server_error, naming the malformed event', async () => {
    const server = await serve();
    const error = await server.client.responses.create({ model: 'gpt-4.1', input: 'Tell a story.' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 502, code: 'server_error' });
    expect((error as Error).message).toMatch(/malformed response\.output_text\.delta event/);
  });
});
