import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FakeHttpServer } from './support/fake-http-server.ts';
import { openAIUpstreamConfig, respondToImages, startOpenAIUpstreamFake } from './support/openai-upstream-fake.ts';
import { SEED_IMAGE_TOOL, type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

/** Every upstream call rides a kept-alive connection: a new TCP (and, in production, TLS) handshake per call costs more than the call's own work. */
describe('upstream connections are kept alive and reused', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    // Turn 1: the model calls the image tool; turn 2 (after the tool result): text.
    upstream = await startOpenAIUpstreamFake([{ imageCalls: ['a lighthouse'] }, { text: 'Here it is.' }]);
    test = await startTestServer(openAIUpstreamConfig(upstream.url));
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  it('two TCP connections at most carry all 18 model and Images API calls of 6 sequential responses, JSON and streamed, stored or not', async () => {
    for (let round = 0; round < 3; round += 1) {
      for (const stream of [false, true]) {
        const body = { model: 'gpt-4.1', input: 'Draw a lighthouse.', tools: [SEED_IMAGE_TOOL], store: round !== 1, stream };
        let response: OpenAI.Responses.Response;
        if (stream) {
          let last: OpenAI.Responses.ResponseStreamEvent | undefined;
          for await (const event of await test.client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsStreaming)) last = event;
          expect(last?.type).toBe('response.completed');
          response = (last as OpenAI.Responses.ResponseCompletedEvent).response;
        } else {
          response = await test.client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
        }
        expect(imagesOf(response)).toHaveLength(1);
      }
    }
    // 6 responses x (2 model calls + 1 image call).
    expect(upstream.requests).toHaveLength(18);
    // A finished model stream's connection returns to the pool once its last bytes are read, which
    // may be just after the image call starts: that call then opens the second connection. (Cancelled
    // stream bodies closed theirs: 14 connections for these 18 calls.)
    expect(upstream.connections).toBeLessThanOrEqual(2);
  });

  it('relays an image that already has the asked format and size as upstream sent it: same bytes, answered and stored', async () => {
    const before = upstream.requests.length;
    const tool = { ...SEED_IMAGE_TOOL, output_format: 'png', size: '1024x1024' };
    const response = await test.client.responses.create({ model: 'gpt-4.1', input: 'Draw a lighthouse.', tools: [tool] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    const imageCall = upstream.requests.slice(before).find((request) => request.url === '/v1/images/generations');
    expect(imageCall?.json()).toMatchObject({ output_format: 'png', size: '1024x1024' });
    // The fake draws the image afresh for each call, deterministically: its answer to the same request is what was relayed.
    const reply = (await respondToImages(imageCall!)) as { json: { data: Array<{ b64_json: string }> } };
    const [image] = imagesOf(response);
    expect(image?.result).toBe(reply.json.data[0]?.b64_json);
    const stored = await test.client.responses.retrieve(response.id);
    expect(imagesOf(stored)[0]?.result).toBe(reply.json.data[0]?.b64_json);
  });
});

describe('upstream connections at shutdown', () => {
  it('closing the server closes its kept-alive upstream connections at once, not at their idle timeout', async () => {
    const upstream = await startOpenAIUpstreamFake([{ text: 'Hello.' }]);
    const test = await startTestServer({
      providers: { openai: { type: 'openai', apiKey: 'sk-upstream', baseURL: `${upstream.url}/v1`, maxRetries: 0 } },
      unknownModels: 'reject',
    });
    let disposed = false;
    try {
      const response = await test.client.responses.create({ model: 'gpt-4.1', input: 'Say hello.', store: false });
      expect(response.output_text).toBe('Hello.');
      expect(upstream.openConnections).toBe(1);
      disposed = true;
      await test.dispose();
      // The pool closed its sockets before close() resolved; the fake sees it within a few turns of the event loop.
      await vi.waitFor(() => expect(upstream.openConnections).toBe(0), { timeout: 1000, interval: 5 });
    } finally {
      if (!disposed) await test.dispose();
      await upstream.close();
    }
  });
});
