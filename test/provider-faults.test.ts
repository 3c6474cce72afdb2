import { type IncomingMessage, request } from 'node:http';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../src/providers/spec/image-generation-error.ts';
import { createProceduralImageModel } from '../src/providers/procedural/procedural-image-model.ts';
import type { ImageModel } from '../src/providers/spec/image-model.ts';
import { type LooseBody, type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

/** The real procedural backend, failing its second call: a provider fault mid-response. */
function failingOnSecondCall(): ImageModel {
  const real = createProceduralImageModel();
  let calls = 0;
  return {
    provider: real.provider,
    modelId: real.modelId,
    async doGenerate(options) {
      calls += 1;
      if (calls % 2 === 0) throw new ImageGenerationError('Your request was rejected by the safety system.', 'moderation_blocked', 'image_generation_user_error');
      return real.doGenerate(options);
    },
  };
}

describe('a failing image backend ends the response cleanly', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer({}, undefined, { imageModel: failingOnSecondCall() });
  });
  afterAll(async () => test.dispose());

  const body: LooseBody = { model: 'simulator', input: 'Draw 3 images of owls.', tools: [{ type: 'image_generation', size: '64x64' }] };

  it('JSON: the failed call is marked failed, the response is failed with the error, and stored that way', async () => {
    const response = await test.client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    expect(response.status).toBe('failed');
    expect(response.error).toEqual({ code: 'moderation_blocked', message: 'Your request was rejected by the safety system.' });
    expect(imagesOf(response).map((item) => item.status)).toEqual(['completed', 'failed']);
    expect(imagesOf(response)[1]?.result).toBeNull();
    const stored = await test.client.responses.retrieve(response.id);
    expect(stored.status).toBe('failed');
    expect(stored.output).toEqual(response.output);
  });

  it('stream: ends with response.failed as the terminal event, nothing left in progress', async () => {
    const stream = await test.client.responses.create({ ...(body as object), stream: true } as unknown as OpenAI.Responses.ResponseCreateParamsStreaming);
    const types: string[] = [];
    let last: unknown;
    for await (const event of stream) {
      types.push(event.type);
      last = event;
    }
    expect(types.at(-1)).toBe('response.failed');
    const final = (last as { response: OpenAI.Responses.Response }).response;
    expect(final.output.every((item) => (item as { status?: string }).status !== 'in_progress')).toBe(true);
    expect(final.error?.code).toBe('moderation_blocked');
  });
});

/** An image backend that never finishes until aborted, recording the abort. */
function hangingImageModel(): ImageModel & { aborted: Promise<unknown> } {
  let onAbort: (reason: unknown) => void = () => {};
  const aborted = new Promise((resolve) => (onAbort = resolve));
  return {
    provider: 'hanging',
    modelId: 'hanging',
    aborted,
    doGenerate(options) {
      return new Promise((_resolve, reject) => {
        options.abortSignal.addEventListener('abort', () => {
          onAbort(options.abortSignal.reason);
          reject(options.abortSignal.reason);
        });
      });
    },
  };
}

describe('a client that goes away', () => {
  for (const stream of [true, false]) {
    it(`aborts the provider call (${stream ? 'stream' : 'JSON'}) and stores nothing in progress`, async () => {
      const imageModel = hangingImageModel();
      const test = await startTestServer({}, undefined, { imageModel });
      let responseId: string | undefined;
      try {
        // A raw socket, closed the way a browser tab or a killed process closes it.
        const body = JSON.stringify({ model: 'simulator', input: 'Draw a heron.', tools: [{ type: 'image_generation' }], stream });
        const client = request(`${test.server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' } });
        client.on('error', () => undefined);
        client.end(body);
        if (stream) {
          const response = await new Promise<IncomingMessage>((resolve) => client.on('response', resolve));
          const first = await new Promise<Buffer>((resolve) => response.once('data', resolve)); // the image call is running
          responseId = /"id":"(resp_[^"]+)"/.exec(first.toString())?.[1];
        } else {
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        client.destroy();
        await expect(imageModel.aborted).resolves.toBeDefined();
        if (responseId) {
          await expect.poll(async () => (await fetch(`${test.server.url}/v1/responses/${responseId}`)).status).toBe(200);
          const stored = (await (await fetch(`${test.server.url}/v1/responses/${responseId}`)).json()) as OpenAI.Responses.Response;
          expect(stored.status).toBe('cancelled');
          expect(stored.output.map((item) => (item as { status?: string }).status)).toEqual(['failed']);
        }
        await expect(imageModel.aborted).resolves.toBeDefined();
      } finally {
        await test.dispose();
      }
    });
  }
});
