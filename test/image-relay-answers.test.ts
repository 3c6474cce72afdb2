import { randomBytes } from 'node:crypto';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeHttpServer, type RecordedRequest, startFakeHttpServer } from './support/fake-http-server.ts';
import { openAIUpstreamConfig, respondToResponses } from './support/openai-upstream-fake.ts';
import { type TestServer, imagesOf, startTestServer } from './support/test-server.ts';
import { postWithoutReading } from './support/unread-request.ts';

/** Base64 of a PNG signature and random bytes: long enough to be cut out of the answer, not parsed. */
const pngBase64 = (bytes: number): string => Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), randomBytes(bytes)]).toString('base64');

/**
 * JSON answers that hold images are written into reused buffers: one answer after another, and
 * several at once, must each get its own image exactly, whatever the sizes.
 */
describe('JSON image answers, one after another and at once', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  /** The upstream's b64_json per prompt, as the text of its JSON string (what a client decodes). */
  const images = new Map<string, string>();

  beforeAll(async () => {
    [700_000, 90_000, 1_200_000, 30_000, 400_000, 650_000, 7_000_000, 5_000_000].forEach((bytes, index) => images.set(`image ${index}`, pngBase64(bytes)));
    // Not base64 at all in places: a character outside the alphabet, and an escaped newline.
    images.set('image with a star', `${pngBase64(50_000)}*${pngBase64(50_000)}`);
    images.set('image with a newline', `${pngBase64(50_000)}\n${pngBase64(50_000)}`);
    upstream = await startFakeHttpServer((request: RecordedRequest) => {
      if (request.url === '/v1/responses') {
        const asked = /Draw (image[^"]*)/.exec(request.text())?.[1] ?? 'nothing';
        return respondToResponses(request, [{ imageCalls: [asked] }, { text: 'Here it is.' }]);
      }
      const { prompt } = request.json() as { prompt: string };
      const b64 = images.get(prompt);
      if (b64 === undefined) return { status: 400, json: { error: { message: `no image for ${prompt}`, type: 'invalid_request_error', param: null, code: null } } };
      return { json: { created: 1, size: '1024x1024', quality: 'medium', background: 'opaque', output_format: 'png', data: [{ b64_json: b64 }] } };
    });
    test = await startTestServer(openAIUpstreamConfig(upstream.url));
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  const draw = async (name: string) => {
    const response = await test.client.responses.create({
      model: 'gpt-4.1',
      input: `Draw ${name}`,
      store: false,
      tools: [{ type: 'image_generation', size: '1024x1024', output_format: 'png', quality: 'medium' }],
    } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    return { status: response.status, result: imagesOf(response)[0]?.result, text: response.output_text };
  };

  it('gives each answer its own image, larger and smaller ones in turn', async () => {
    for (const name of ['image 0', 'image 1', 'image 2', 'image 3', 'image 0']) {
      expect(await draw(name), name).toEqual({ status: 'completed', result: images.get(name), text: 'Here it is.' });
    }
  });

  it('gives each answer its own image when several are written at once', async () => {
    const names = ['image 2', 'image 4', 'image 1', 'image 5', 'image 3', 'image 0'];
    const results = await Promise.all(names.map((name) => draw(name)));
    expect(results.map((result) => result.result)).toEqual(names.map((name) => images.get(name)));
  });

  it('keeps an answer whole while its client has not read it, though other answers are written meanwhile', async () => {
    // Larger than what the sockets' kernel buffers take: most of it waits in the server.
    const body = JSON.stringify({ model: 'gpt-4.1', input: 'Draw image 6', store: false, tools: [{ type: 'image_generation', size: '1024x1024', output_format: 'png', quality: 'medium' }] });
    const { response, finished } = await postWithoutReading(`${test.server.url}/v1/responses`, body);
    for (const name of ['image 5', 'image 7', 'image 2']) expect((await draw(name)).result, name).toBe(images.get(name));
    response.resume();
    const answer = JSON.parse(await finished) as OpenAI.Responses.Response;
    expect(imagesOf(answer)[0]?.result).toBe(images.get('image 6'));
  });

  it('relays base64 with a character outside the alphabet, or an escaped newline, as the upstream JSON said it', async () => {
    for (const name of ['image with a star', 'image with a newline']) {
      expect(await draw(name), name).toEqual({ status: 'completed', result: images.get(name), text: 'Here it is.' });
    }
  });
});
