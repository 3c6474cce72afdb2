import type OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeHttpServer } from './support/fake-http-server.ts';
import { openAIUpstreamConfig, startOpenAIUpstreamFake } from './support/openai-upstream-fake.ts';
import { SEED_IMAGE_TOOL, type TestServer, imagegateOf, imagesOf, startTestServer } from './support/test-server.ts';

/** The seed scenario through the real OpenAI adapters, against fakes of OpenAI's API. */
describe('seed scenario through the OpenAI adapters', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  beforeAll(async () => {
    // The upstream model asks for three images at once, then answers in text.
    upstream = await startOpenAIUpstreamFake([{ imageCalls: ['a lighthouse', 'a lighthouse at night', 'a lighthouse in fog'] }, { text: 'Here you go!' }]);
    test = await startTestServer(openAIUpstreamConfig(upstream.url));
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  for (const stream of [false, true]) {
    it(`${stream ? 'stream' : 'JSON'}: the limit allows 1 of 3 calls; the image comes from the Images endpoint with the tool's settings`, async () => {
      const before = upstream.requests.length;
      const body = { model: 'gpt-4.1', input: [{ role: 'user', content: 'Draw a lighthouse.' }], tools: [SEED_IMAGE_TOOL], stream };
      let response: OpenAI.Responses.Response;
      if (stream) {
        const events = await test.client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsStreaming, { headers: { 'x-imagegate-max-images': '1' } });
        let last: OpenAI.Responses.ResponseStreamEvent | undefined;
        for await (const event of events) last = event;
        expect(last?.type).toBe('response.completed');
        response = (last as OpenAI.Responses.ResponseCompletedEvent).response;
      } else {
        response = await test.client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming, { headers: { 'x-imagegate-max-images': '1' } });
      }
      const images = imagesOf(response);
      expect(images).toHaveLength(1);
      expect(imagegateOf(response).simulated).toBe(false);
      expect(imagegateOf(response).ignored_tool_calls.map((call) => call.reason)).toEqual(['max_images', 'max_images']);
      expect(response.output.at(-1)).toMatchObject({ type: 'message' });

      const sent = upstream.requests.slice(before);
      const modelCalls = sent.filter((request) => request.url === '/v1/responses');
      const imageCalls = sent.filter((request) => request.url === '/v1/images/generations');
      expect(modelCalls).toHaveLength(2);
      expect(imageCalls).toHaveLength(1);
      expect(modelCalls[0]!.headers['authorization']).toBe('Bearer sk-upstream');
      const firstTurn = modelCalls[0]!.json() as { model: string; tools: Array<{ type: string; name: string }> };
      expect(firstTurn.model).toBe('gpt-4.1');
      expect(firstTurn.tools).toEqual([expect.objectContaining({ type: 'function', name: 'image_generation' })]);
      // The image tool is withdrawn once the limit is reached.
      const secondTurn = modelCalls[1]!.json() as { tools?: unknown[] };
      expect(secondTurn.tools ?? []).toEqual([]);
      expect(imageCalls[0]!.json()).toMatchObject({ model: 'gpt-image-1.5', prompt: 'a lighthouse', quality: 'medium', output_format: 'jpeg', background: 'auto', moderation: 'low' });

      const metadata = await sharp(Buffer.from(images[0]!.result, 'base64')).metadata();
      expect(metadata.format).toBe('jpeg');
    });
  }
});
