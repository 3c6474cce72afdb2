import { afterEach, describe, expect, it } from 'vitest';
import { type FakeHandler, type FakeHttpServer, splitIntoChunks, startFakeHttpServer } from '../../../test/support/fake-http-server.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import { defaultUpstreamHttp } from '../shared/undici-upstream-http.ts';
import type { UpstreamAbortSignal } from '../shared/upstream-http.ts';
import { readResponsesFixture, readResponsesFixtureEvents, streamReply } from '../../../test/kits/providers/openai/openai-responses-fake-server.ts';
import { passthroughBody, streamPassthrough } from './openai-responses-passthrough.ts';

let fake: FakeHttpServer | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const callerBody = {
  model: 'gpt-4.1',
  input: 'Keep generating until you have 10 images of a lighthouse.',
  tools: [{ type: 'image_generation', partial_images: 1 }],
};

/** A fake upstream, and the abort signals the passthrough handed to the HTTP client. */
async function upstream(handler: FakeHandler) {
  fake = await startFakeHttpServer(handler);
  const signals: UpstreamAbortSignal[] = [];
  const settings = providerSettings({
    baseURL: `${fake.url}/v1`,
    headers: { authorization: 'Bearer sk-upstream' },
    maxRetries: 0,
    http: {
      request: (request) => {
        signals.push(request.signal);
        return defaultUpstreamHttp.request(request);
      },
    },
  });
  return { settings, signals, server: fake };
}

async function collect(events: AsyncIterable<Record<string, unknown>>): Promise<Array<Record<string, unknown>>> {
  const collected: Array<Record<string, unknown>> = [];
  for await (const event of events) collected.push(event);
  return collected;
}

const itemIdOf = (event: Record<string, unknown>): unknown =>
  event.item_id ?? (typeof event.item === 'object' && event.item !== null ? (event.item as { id?: unknown }).id : undefined);

describe('streamPassthrough', () => {
  it('forwards the first image call of three, cuts upstream, and completes with the kept items', async () => {
    const { settings, signals, server } = await upstream(() => streamReply('image-calls.stream.sse', 61));
    const events = await collect(streamPassthrough({ body: callerBody, settings, maxImages: 1, abortSignal: new AbortController().signal }));

    const [request] = server.requests;
    expect([request?.method, request?.url, request?.headers.authorization]).toEqual(['POST', '/v1/responses', 'Bearer sk-upstream']);
    expect(request?.json()).toEqual({ ...callerBody, stream: true, max_tool_calls: 1 });

    const recorded = readResponsesFixtureEvents('image-calls.stream.sse').map(({ payload }) => payload);
    const firstImageId = 'ig_68a1f8007b8c81a9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e0';
    const cutAt = recorded.findIndex((event) => event.type === 'response.output_item.added' && itemIdOf(event) !== firstImageId && event.output_index === 1);
    // Everything before the second image call arrives unchanged, in order; nothing of it after.
    expect(events.slice(0, -1)).toEqual(recorded.slice(0, cutAt));
    expect(events.slice(0, -1).every((event) => itemIdOf(event) === undefined || itemIdOf(event) === firstImageId)).toBe(true);

    const last = events.at(-1) as { type: string; sequence_number: number; imagegate?: unknown; response: { id: string; status: string; output: Array<{ id: string; type: string; status: string }> } };
    expect(last.type).toBe('response.completed');
    expect(last.sequence_number).toBe(recorded[cutAt]?.sequence_number);
    expect(last.response).toMatchObject({ id: 'resp_68a1f7ff6a7b81a9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5', object: 'response', status: 'completed', usage: null });
    expect(last.response.output.map((item) => [item.type, item.id, item.status])).toEqual([['image_generation_call', firstImageId, 'completed']]);
    expect(last).toHaveProperty('imagegate', { dropped_image_call: { id: itemIdOf(recorded[cutAt] ?? {}), output_index: 1 } });

    expect(signals).toHaveLength(1);
    expect(signals[0]?.aborted).toBe(true);
  });

  it('forwards everything, upstream completion included, when the cap is not reached', async () => {
    const { settings, signals } = await upstream(() => streamReply('image-calls.stream.sse', 61));
    const events = await collect(streamPassthrough({ body: callerBody, settings, maxImages: 3, abortSignal: new AbortController().signal }));
    expect(events).toEqual(readResponsesFixtureEvents('image-calls.stream.sse').map(({ payload }) => payload));
    expect(signals[0]?.aborted).toBe(false);
  });

  it('throws invalid_response when upstream ends without a terminal event', async () => {
    const text = readResponsesFixture('image-calls.stream.sse');
    const { settings } = await upstream(() => ({ chunks: splitIntoChunks(text.slice(0, text.indexOf('event: response.completed')), 64) }));
    await expect(collect(streamPassthrough({ body: callerBody, settings, maxImages: undefined, abortSignal: new AbortController().signal }))).rejects.toMatchObject({
      name: 'ProviderError',
      kind: 'invalid_response',
    });
  });

  it('throws the upstream HTTP error as a ProviderError before any event', async () => {
    const { settings } = await upstream(() => ({ status: 400, json: { error: { message: "Unknown parameter: 'tools[0].n'.", type: 'invalid_request_error', param: 'tools[0].n', code: 'unknown_parameter' } } }));
    await expect(collect(streamPassthrough({ body: callerBody, settings, maxImages: 1, abortSignal: new AbortController().signal }))).rejects.toMatchObject({
      status: 400,
      message: expect.stringContaining('code unknown_parameter, param tools[0].n'),
    });
  });

  it('rejects with the abort reason when the caller goes away', async () => {
    const { settings } = await upstream(() => streamReply('image-calls.stream.sse', 61));
    const controller = new AbortController();
    const reason = new Error('client closed');
    const iterator = streamPassthrough({ body: callerBody, settings, maxImages: 1, abortSignal: controller.signal })[Symbol.asyncIterator]();
    expect(await iterator.next()).toMatchObject({ value: { type: 'response.created' } });
    controller.abort(reason);
    await expect(iterator.next()).rejects.toBe(reason);
  });
});

describe('passthroughBody', () => {
  it('forces streaming and caps max_tool_calls at maxImages', () => {
    expect(passthroughBody({ model: 'gpt-4.1', stream: false }, 2)).toEqual({ model: 'gpt-4.1', stream: true, max_tool_calls: 2 });
    expect(passthroughBody({ model: 'gpt-4.1', max_tool_calls: 1 }, 4)).toEqual({ model: 'gpt-4.1', stream: true, max_tool_calls: 1 });
    expect(passthroughBody({ model: 'gpt-4.1', max_tool_calls: 9 }, 4)).toEqual({ model: 'gpt-4.1', stream: true, max_tool_calls: 4 });
  });

  it("leaves the caller's max_tool_calls alone without a cap", () => {
    expect(passthroughBody({ model: 'gpt-4.1', max_tool_calls: 9 }, undefined)).toEqual({ model: 'gpt-4.1', stream: true, max_tool_calls: 9 });
    expect(passthroughBody({ model: 'gpt-4.1' }, undefined)).toEqual({ model: 'gpt-4.1', stream: true });
  });
});
