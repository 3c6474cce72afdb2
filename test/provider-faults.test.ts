import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../src/errors/image-generation-error.ts';
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
