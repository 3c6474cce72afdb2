import type OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ImageModel } from '../src/providers/spec/image-model.ts';
import { type FakeHttpServer, type RecordedRequest, splitIntoChunks, startFakeHttpServer } from './support/fake-http-server.ts';
import { openAIUpstreamConfig, respondToResponses } from './support/openai-upstream-fake.ts';
import { type TestServer, imagesOf, startTestServer } from './support/test-server.ts';
import { postWithoutReading } from './support/unread-request.ts';

/**
 * base64 that is valid but not canonical: the last character's unused low bits are set, so a
 * decode and encode again would give other text ("…w" instead of "…g"). A relay gives it as is.
 */
function nonCanonicalBase64(bytes: Buffer): string {
  const canonical = bytes.toString('base64');
  if (bytes.length % 3 !== 1) throw new Error('needs a length leaving two base64 digits before "=="');
  const last = canonical.length - 3;
  const tweaked = `${canonical.slice(0, last)}${String.fromCharCode(canonical.charCodeAt(last) + 1)}${canonical.slice(last + 1)}`;
  if (!Buffer.from(tweaked, 'base64').equals(bytes)) throw new Error('the tweak changed the bytes');
  return tweaked;
}

/**
 * A PNG whose byte length leaves a remainder of 1 mod 3. With `noise` its pixels are seeded noise,
 * so it does not compress: its base64 is long enough for the relay to cut it out, not parse it.
 */
async function pngWithRemainderOne(width: number, fill: string, noise = false): Promise<Buffer> {
  let seed = 7;
  const raw = Buffer.alloc(width * width * 3).map(() => {
    seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
    return seed >>> 24;
  });
  const image = noise ? sharp(raw, { raw: { width, height: width, channels: 3 } }) : sharp({ create: { width, height: width, channels: 3, background: fill } });
  const png = await image.png().toBuffer();
  for (let pad = 0; pad < 3; pad++) {
    // Trailing bytes after IEND are ignored by decoders and kept by a byte-exact relay.
    const padded = Buffer.concat([png, Buffer.alloc(pad)]);
    if (padded.length % 3 === 1) return padded;
  }
  throw new Error('unreachable');
}

describe('image relay through the OpenAI adapters', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  let finalBase64: string;
  let partialBase64: string[];
  let finalPng: Buffer;

  beforeAll(async () => {
    finalPng = await pngWithRemainderOne(512, '#2a6', true);
    expect(finalPng.length).toBeGreaterThan(500_000);
    finalBase64 = nonCanonicalBase64(finalPng);
    partialBase64 = await Promise.all(['#111', '#555'].map(async (fill) => nonCanonicalBase64(await pngWithRemainderOne(64, fill))));
    const settings = { size: '1024x1024', quality: 'medium', background: 'opaque', output_format: 'png' };
    const usage = { input_tokens: 14, input_tokens_details: { text_tokens: 14, image_tokens: 0 }, output_tokens: 272, total_tokens: 286 };
    upstream = await startFakeHttpServer((request: RecordedRequest) => {
      if (request.url === '/v1/responses') return respondToResponses(request, [{ imageCalls: ['a green square'] }, { text: 'Here it is.' }]);
      const body = request.json() as { stream?: boolean; partial_images?: number };
      if (body.stream !== true) return { json: { created: 1, ...settings, data: [{ b64_json: finalBase64 }], usage } };
      const events = [
        ...partialBase64.slice(0, body.partial_images ?? 0).map((b64_json, index) => ({ type: 'image_generation.partial_image', b64_json, partial_image_index: index, created_at: 1, ...settings })),
        { type: 'image_generation.completed', b64_json: finalBase64, created_at: 1, ...settings, usage },
      ];
      // Split at odd places (chunks of 9,973 bytes, a prime): a relay must find its image across chunk borders.
      return { chunks: splitIntoChunks(events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join(''), 9973) };
    });
    test = await startTestServer(openAIUpstreamConfig(upstream.url));
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  const request = (stream: boolean) => ({
    model: 'gpt-4.1',
    input: 'Draw a green square.',
    tools: [{ type: 'image_generation', size: '1024x1024', output_format: 'png', quality: 'medium', ...(stream ? { partial_images: 2 } : {}) }],
  });

  it('JSON: the image is the upstream base64 character for character, and the model is not sent it back', async () => {
    const before = upstream.requests.length;
    const response = await test.client.responses.create(request(false) as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    const [image] = imagesOf(response);
    expect(image?.result).toBe(finalBase64);
    expect(Buffer.from(image?.result ?? '', 'base64').equals(finalPng)).toBe(true);

    // The second model call reads a short tool result, not the image.
    const modelCalls = upstream.requests.slice(before).filter((call) => call.url === '/v1/responses');
    expect(modelCalls).toHaveLength(2);
    const second = modelCalls[1]!.text();
    expect(second).not.toContain(finalBase64.slice(1000, 1100));
    expect(second.length).toBeLessThan(finalBase64.length / 4);
  });

  it('stream: partial and final images are the upstream base64 as sent; none is kept but the final one', async () => {
    const stream = await test.client.responses.create({ ...request(true), stream: true, store: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming);
    const events: Array<Record<string, unknown>> = [];
    for await (const event of stream) events.push(event as unknown as Record<string, unknown>);

    const partials = events.filter((event) => event['type'] === 'response.image_generation_call.partial_image');
    expect(partials.map((event) => event['partial_image_b64'])).toEqual(partialBase64);
    const done = events.find((event) => event['type'] === 'response.output_item.done' && (event['item'] as { type: string }).type === 'image_generation_call');
    expect((done?.['item'] as { result: string }).result).toBe(finalBase64);

    const completed = events.at(-1) as { type: string; response: OpenAI.Responses.Response };
    expect(completed.type).toBe('response.completed');
    expect(imagesOf(completed.response).map((item) => item.result)).toEqual([finalBase64]);
    // Neither the streamed final response nor the stored one holds a partial image.
    const stored = await test.client.responses.retrieve(completed.response.id);
    for (const response of [completed.response, stored]) {
      const text = JSON.stringify(response);
      for (const partial of partialBase64) expect(text).not.toContain(partial.slice(0, 200));
      expect(imagesOf(response).map((item) => item.result)).toEqual([finalBase64]);
    }
  });
});

/**
 * An image backend that sends `count` partial images of `partialBytes` each, and records where a
 * partial's delivery did not complete at once (the client was behind) — the relay's backpressure.
 */
function floodingImageModel(count: number, partialBytes: number) {
  // Plain base64 text (it decodes to zeros): relayed as is, never encoded per partial.
  const partial = 'A'.repeat(partialBytes);
  const BLOCKED = Symbol('blocked');
  /** `waiting`: a partial's delivery is pending now (the client is behind). */
  const state = { produced: 0, waiting: false };
  const model: ImageModel = {
    provider: 'procedural',
    modelId: 'procedural',
    async doGenerate(options) {
      for (let index = 0; index < count; index++) {
        state.produced = index + 1;
        const delivered = Promise.resolve(options.onPartialImage?.({ index, data: Buffer.alloc(0), base64: partial }));
        // Resolved promises win a race in the order given: BLOCKED only when delivery is still pending.
        state.waiting = (await Promise.race([delivered, Promise.resolve(BLOCKED)])) === BLOCKED;
        await delivered;
        state.waiting = false;
      }
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).png().toBuffer();
      return { images: [{ data: png, mediaType: 'image/png', revisedPrompt: undefined }], size: '1024x1024', quality: 'low', outputFormat: 'png', background: 'opaque', usage: undefined, warnings: [] };
    },
  };
  return { model, state };
}

describe('a streamed image response to a client that does not read', () => {
  const PARTIALS = 64;
  const PARTIAL_BYTES = 512 * 1024;
  const flooding = floodingImageModel(PARTIALS, PARTIAL_BYTES);
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer({}, undefined, { imageModel: flooding.model });
  });
  afterAll(async () => test.dispose());

  it('holds the image backend back until the client reads, then delivers every partial image', async () => {
    const body = JSON.stringify({ model: 'simulator', input: 'Draw a robot.', stream: true, store: false, tools: [{ type: 'image_generation', size: '1024x1024', quality: 'low', partial_images: 3 }] });
    const { response, finished } = await postWithoutReading(`${test.server.url}/v1/responses`, body, 'latin1');

    // The backend waits at a partial whose delivery waits for the client (past the first few,
    // which the sockets' kernel buffers take). Without backpressure it never waits: all 32 MB
    // would be queued in the server at once.
    await vi.waitFor(() => expect(flooding.state.waiting && flooding.state.produced >= 4).toBe(true), { timeout: 20_000 });
    expect(flooding.state.produced).toBeLessThan(PARTIALS / 2);

    response.resume();
    const text = await finished;
    const partials = text.split('event: response.image_generation_call.partial_image\n').length - 1;
    expect(partials).toBe(PARTIALS);
    expect(text).toContain('event: response.completed\n');
  });
});
