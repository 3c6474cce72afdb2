import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readResponsesFixture } from './kits/providers/openai/openai-responses-fake-server.ts';
import { type FakeHttpServer, splitIntoChunks, startFakeHttpServer } from './support/fake-http-server.ts';
import { SEED_IMAGE_TOOL, type TestServer, imagegateOf, imagesOf, startTestServer } from './support/test-server.ts';

/** A passthrough route: OpenAI's hosted tool runs upstream, our limit cuts its stream. */
describe('passthrough route', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    // Upstream ignores max_tool_calls and streams three hosted image calls (the worst case).
    upstream = await startFakeHttpServer(() => ({ chunks: splitIntoChunks(readResponsesFixture('image-calls.stream.sse'), 64) }));
    test = await startTestServer({
      providers: { openai: { type: 'openai', apiKey: 'sk-up', baseURL: `${upstream.url}/v1`, maxRetries: 0 } },
      models: { hosted: { provider: 'openai', model: 'gpt-4.1', passthrough: true } },
    });
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  it('caps max_tool_calls upstream, cuts the stream at the limit, and lists the cut call', async () => {
    const stream = await test.client.responses.create(
      { model: 'hosted', input: 'Draw three lighthouses.', tools: [SEED_IMAGE_TOOL], stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming,
      { headers: { 'x-imagegate-max-images': '1' } },
    );
    const types: string[] = [];
    let last: OpenAI.Responses.ResponseStreamEvent | undefined;
    for await (const event of stream) {
      types.push(event.type);
      last = event;
    }
    expect(last?.type).toBe('response.completed');
    const response = (last as OpenAI.Responses.ResponseCompletedEvent).response;
    expect(imagesOf(response)).toHaveLength(1);
    expect(types.filter((type) => type === 'response.image_generation_call.completed')).toHaveLength(1);
    expect(imagegateOf(response).ignored_tool_calls).toEqual([expect.objectContaining({ reason: 'max_images' })]);

    const sent = upstream.requests.at(-1)!.json() as Record<string, unknown>;
    expect(sent).toMatchObject({ model: 'gpt-4.1', max_tool_calls: 1, stream: true, tools: [SEED_IMAGE_TOOL] });
    expect(sent).not.toHaveProperty('imagegate');
    expect(upstream.requests.at(-1)!.headers['authorization']).toBe('Bearer sk-up');

    const stored = await test.client.responses.retrieve(response.id);
    expect(imagesOf(stored)).toHaveLength(1);
  });
});
