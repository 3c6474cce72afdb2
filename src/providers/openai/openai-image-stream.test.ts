import { describe, expect, it } from 'vitest';
import { splitIntoChunks } from '../../../test/support/fake-http-server.ts';
import { type SseMessage, readSse } from '../shared/read-sse.ts';
import { streamBody } from '../../../test/kits/providers/shared/testing/streams.ts';
import type { ImageModelPartialImage } from '../spec/image-model.ts';
import { readImagesFixture, sseEvent } from '../../../test/kits/providers/openai/openai-image-fake-server.ts';
import { type FoldOpenAIImageStreamOptions, foldOpenAIImageStream } from './openai-image-stream.ts';

function fold(chunks: string[], options: Partial<FoldOpenAIImageStreamOptions> = {}, failure?: Error) {
  return foldOpenAIImageStream(readSse(streamBody(chunks, failure)), { provider: 'openai.images', abortSignal: new AbortController().signal, onPartialImage: undefined, ...options });
}

const generationStream = readImagesFixture('generations-stream-gpt-image-1.5.sse');
const base64Of = (text: string, type: string, nth = 0) => (text.split('\n').filter((line) => line.includes(`"type":"${type}"`))[nth]?.match(/"b64_json":"([^"]+)"/)?.[1]);
const completed = (extra: Record<string, unknown> = {}) =>
  sseEvent({ type: 'image_generation.completed', b64_json: Buffer.from('final').toString('base64'), size: '1024x1024', quality: 'low', background: 'opaque', output_format: 'png', usage: { input_tokens: 10, output_tokens: 100, input_tokens_details: { text_tokens: 10, image_tokens: 0 } }, ...extra });

describe('foldOpenAIImageStream', () => {
  it('hands every partial image over in order and keeps the completed image, split every 11 bytes', async () => {
    const partials: ImageModelPartialImage[] = [];
    const answer = await fold(splitIntoChunks(generationStream, 11), { onPartialImage: (partial) => void partials.push(partial) });
    expect(partials.map((partial) => partial.index)).toEqual([0, 1]);
    expect(Buffer.from(partials[1]?.data ?? []).toString('base64')).toBe(base64Of(generationStream, 'image_generation.partial_image', 1));
    expect(answer.images).toHaveLength(1);
    expect(Buffer.from(answer.images[0]?.data ?? []).toString('base64')).toBe(base64Of(generationStream, 'image_generation.completed'));
    expect(answer.reported).toEqual({ size: '1024x1024', quality: 'medium', background: 'opaque', outputFormat: 'png' });
    expect(answer.usage).toEqual({ inputTokens: 14, inputTextTokens: 14, inputImageTokens: 0, outputTokens: 1256 });
  });

  it('reads image_edit events the same way', async () => {
    const partials: number[] = [];
    const answer = await fold([readImagesFixture('edits-stream-gpt-image-1.5.sse')], { onPartialImage: (partial) => void partials.push(partial.index) });
    expect(partials).toEqual([0]);
    expect(answer.reported).toMatchObject({ size: '1536x1024', quality: 'low' });
    expect(answer.usage).toEqual({ inputTokens: 336, inputTextTokens: 13, inputImageTokens: 323, outputTokens: 400 });
  });

  it('counts each completed event as one image and sums their usage', async () => {
    const answer = await fold([completed(), completed({ b64_json: Buffer.from('second').toString('base64') }), 'data: [DONE]\n\n']);
    expect(answer.images.map((image) => Buffer.from(image.data).toString())).toEqual(['final', 'second']);
    expect(answer.usage).toEqual({ inputTokens: 20, inputTextTokens: 20, inputImageTokens: 0, outputTokens: 200 });
  });

  it('skips events of types it does not know', async () => {
    const answer = await fold([sseEvent({ type: 'image_generation.progress', percent: 50 }), completed()]);
    expect(answer.images).toHaveLength(1);
  });

  it('awaits the callback and stops reading when it fails', async () => {
    const failure = new Error('sink closed');
    const stream = streamBody([generationStream], 'stay-open');
    const pending = foldOpenAIImageStream(readSse(stream), { provider: 'openai.images', abortSignal: new AbortController().signal, onPartialImage: () => Promise.reject(failure) });
    await expect(pending).rejects.toBe(failure);
    expect(stream.cancelled()).toBe(true);
  });

  it('stops with the abort reason when the signal is aborted during a callback', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled');
    let calls = 0;
    const pending = fold([generationStream], { abortSignal: controller.signal, onPartialImage: () => void (calls++, controller.abort(reason)) });
    await expect(pending).rejects.toBe(reason);
    expect(calls).toBe(1);
  });

  it('rejects with the abort reason when aborted while waiting for the next event', async () => {
    const controller = new AbortController();
    const reason = new Error('client went away');
    // What fetch does to a body when its signal is aborted: the pending read fails.
    const messages: AsyncIterable<SseMessage> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<SseMessage>>((_resolve, reject) => controller.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))),
      }),
    };
    const pending = foldOpenAIImageStream(messages, { provider: 'openai.images', abortSignal: controller.signal, onPartialImage: undefined });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('is an invalid_response when the stream ends or breaks off without a completed image', async () => {
    const onlyPartials = generationStream.slice(0, generationStream.indexOf('event: image_generation.completed'));
    await expect(fold([onlyPartials])).rejects.toMatchObject({ name: 'ProviderError', kind: 'invalid_response', message: 'openai.images stream ended without a completed image' });
    const cut = new TypeError('terminated');
    const error = await fold([onlyPartials.slice(0, 500)], {}, cut).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'ProviderError', kind: 'invalid_response', isRetryable: false, cause: cut });
  });

  it('is an invalid_response for events that are not JSON or lack their image', async () => {
    await expect(fold(['data: {"type":"image_generation.compl\n\n'])).rejects.toMatchObject({ kind: 'invalid_response', message: 'openai.images sent a stream event that is not JSON' });
    await expect(fold([sseEvent({ type: 'image_generation.partial_image', partial_image_index: 0 })])).rejects.toMatchObject({ kind: 'invalid_response' });
  });

  it('maps an error payload in the stream, e.g. moderation at the output stage', async () => {
    const moderation = readImagesFixture('error-moderation-blocked.json').replace(/\n\s*/g, '');
    await expect(fold([`event: error\ndata: ${moderation}\n\n`])).rejects.toMatchObject({ name: 'ImageGenerationError', code: 'moderation_blocked' });
  });
});
