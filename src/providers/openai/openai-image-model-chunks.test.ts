import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import { fetchUpstreamHttp } from '../shared/fetch-upstream-http.ts';
import { providerSettings } from '../shared/provider-settings.ts';
import { createOpenAIImageModel } from './openai-image-model.ts';

/** A PNG-looking base64 long enough to be cut out of the answer rather than parsed (over 4 KiB). */
const pngBase64 = (bytes: number, seed: number): string =>
  Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452000000400000004008060000', 'hex'), randomBytes(bytes).fill(seed, 0, 1)]).toString('base64');

const answerOf = (b64: string, revised = 'a fox') => `{"created":1,"size":"1024x1024","quality":"medium","background":"opaque","output_format":"png","data":[{"b64_json":"${b64}","revised_prompt":"${revised}"}],"usage":{"input_tokens":1,"output_tokens":2,"total_tokens":3}}`;

/** A model whose upstream answers `chunks` of the body exactly as given, one stream chunk each, after `gate`. */
function modelAnswering(chunksPerCall: () => ReadonlyArray<Buffer>, gate?: () => Promise<void>) {
  const fetchStub: typeof fetch = async () => {
    const chunks = chunksPerCall();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = chunks[index++];
        await gate?.();
        if (next === undefined) controller.close();
        else controller.enqueue(next);
      },
    });
    let index = 0;
    return new Response(body, { headers: { 'content-type': 'application/json' } });
  };
  return createOpenAIImageModel('gpt-image-1.5', providerSettings({ baseURL: 'http://127.0.0.1:9/v1', http: fetchUpstreamHttp(fetchStub), maxRetries: 0 }));
}

const generate = async (model: ReturnType<typeof modelAnswering>) => {
  const result = await model.doGenerate(imageCallOptions({ size: '1024x1024', outputFormat: 'png' }));
  return { base64: result.images[0]?.base64, revised: result.images[0]?.revisedPrompt, size: result.size };
};

describe('createOpenAIImageModel: a JSON answer in chunks', () => {
  it('gives the same base64, character for character, whichever byte the answer is split at', async () => {
    const b64 = pngBase64(3100, 1);
    const body = Buffer.from(answerOf(b64));
    let split = 0;
    const model = modelAnswering(() => [body.subarray(0, split), body.subarray(split)]);
    for (split = 0; split <= body.length; split++) {
      expect(await generate(model), `split at ${split}`).toEqual({ base64: b64, revised: 'a fox', size: '1024x1024' });
    }
  });

  it('gives the same base64 when split into many chunks of odd sizes', async () => {
    const b64 = pngBase64(60_000, 2);
    const body = Buffer.from(answerOf(b64));
    for (const size of [1, 7, 4096, 65_535]) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < body.length; at += size) chunks.push(body.subarray(at, at + size));
      expect(await generate(modelAnswering(() => chunks)), `chunks of ${size}`).toEqual({ base64: b64, revised: 'a fox', size: '1024x1024' });
    }
  });

  it('keeps answers apart: a shorter answer after a longer one, and answers read at the same time', async () => {
    const long = pngBase64(90_000, 3);
    const short = pngBase64(5000, 4);
    const bodies = [Buffer.from(answerOf(long, 'long')), Buffer.from(answerOf(short, 'short'))];
    expect(await generate(modelAnswering(() => [bodies[0]!]))).toMatchObject({ base64: long, revised: 'long' });
    expect(await generate(modelAnswering(() => [bodies[1]!]))).toMatchObject({ base64: short, revised: 'short' });

    // Two answers whose chunks arrive interleaved, each in 10 chunks, through one shared turn gate.
    let turn = Promise.resolve();
    const gate = () => (turn = turn.then(() => new Promise<void>((resolve) => setImmediate(resolve))));
    const inTen = (body: Buffer) => Array.from({ length: 10 }, (_, index) => body.subarray(Math.floor((body.length * index) / 10), Math.floor((body.length * (index + 1)) / 10)));
    const results = await Promise.all(bodies.map((body) => generate(modelAnswering(() => inTen(body), gate))));
    expect(results).toMatchObject([{ base64: long, revised: 'long' }, { base64: short, revised: 'short' }]);
  });

  it('is a ProviderError invalid_response for malformed JSON, showing the body as it came', async () => {
    const body = Buffer.from(answerOf(pngBase64(5000, 5)).replace('"usage"', 'usage'));
    await expect(generate(modelAnswering(() => [body.subarray(0, 100), body.subarray(100)]))).rejects.toMatchObject({
      name: 'ProviderError',
      kind: 'invalid_response',
      message: 'openai.images sent malformed JSON',
    });
  });
});
