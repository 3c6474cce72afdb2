import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { sequentialIdGenerator } from '../ids/id-generator.ts';
import { contractCallOptions } from '../../test/kits/providers/contract/language-model.contract.ts';
import type { LanguageModel, LanguageModelStreamPart } from '../providers/spec/language-model.ts';
import { ResponseEmitter } from '../responses/response-emitter.ts';
import type { ResponseObject } from '../responses/wire/response-object.ts';
import type { ResponseEvent } from '../responses/wire/stream-events.ts';
import { outputFormatOf } from './emit-model-image.ts';
import { streamModelStep } from './stream-model-step.ts';

/** A model whose one stream yields `parts`. */
function modelYielding(parts: LanguageModelStreamPart[]): LanguageModel {
  return {
    provider: 'scripted',
    modelId: 'scripted-image',
    doGenerate: () => Promise.reject(new Error('the loop streams')),
    doStream: () => {
      async function* stream(): AsyncGenerator<LanguageModelStreamPart> {
        yield* parts;
      }
      return Promise.resolve({ stream: stream(), warnings: [] });
    },
  };
}

async function step(parts: LanguageModelStreamPart[]) {
  const events: ResponseEvent[] = [];
  const emitter = new ResponseEmitter((event) => {
    events.push(event);
  });
  emitter.emit({ type: 'response.created', response: { id: 'resp_test', object: 'response', output: [] } as unknown as ResponseObject });
  const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'draw a cat' }] }];
  const result = await streamModelStep(modelYielding(parts), contractCallOptions({ prompt }), emitter, sequentialIdGenerator());
  return { result, events: events.slice(1), output: emitter.snapshot.output };
}

const finish: LanguageModelStreamPart = { type: 'finish', finishReason: 'stop', usage: { inputTokens: 15, cachedInputTokens: 0, outputTokens: 1318, reasoningTokens: 0 } };

describe('streamModelStep with images the model draws inline', () => {
  it('turns a file part into a completed image_generation_call between the text messages, and returns it', async () => {
    const png = new Uint8Array(await sharp({ create: { width: 3, height: 2, channels: 3, background: '#c03' } }).png().toBuffer());
    const { result, events, output } = await step([
      { type: 'text-delta', delta: 'Here is ' },
      { type: 'text-delta', delta: 'your cat.' },
      { type: 'file', mediaType: 'image/png', data: png },
      { type: 'text-delta', delta: 'Enjoy!' },
      finish,
    ]);
    const imageId = result.images[0]?.item.id;
    expect(imageId).toMatch(/^ig_/);
    expect(events.map((event) => event.type)).toEqual([
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.image_generation_call.in_progress',
      'response.image_generation_call.generating',
      'response.image_generation_call.completed',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
    ]);
    expect(output.map((item) => item.type)).toEqual(['message', 'image_generation_call', 'message']);
    expect(output[0]).toMatchObject({ status: 'completed', content: [{ text: 'Here is your cat.' }] });
    expect(output[1]).toEqual({
      id: imageId,
      type: 'image_generation_call',
      status: 'completed',
      action: 'generate',
      output_format: 'png',
      size: '3x2',
      result: Buffer.from(png).toString('base64'),
    });
    expect(output[2]).toMatchObject({ status: 'completed', content: [{ text: 'Enjoy!' }] });
    expect(result.text).toBe('Here is your cat.Enjoy!');
    expect(result.images).toEqual([
      { item: output[1], outputIndex: 1, image: { id: imageId, data: png, mediaType: 'image/png' }, widthPixels: 3, heightPixels: 2 },
    ]);
    expect(result.usage).toEqual(finish.usage);
  });

  it('passes on no file that is not an image, with a warning', async () => {
    const { result, output } = await step([{ type: 'file', mediaType: 'audio/wav', data: new Uint8Array([1, 2, 3]) }, finish]);
    expect(output).toEqual([]);
    expect(result.images).toEqual([]);
    expect(result.warnings).toEqual([{ type: 'other', message: 'scripted answered with a file of type audio/wav, which imagegate does not pass on.' }]);
  });

  it('names output formats as the Responses API does', () => {
    expect(['image/png', 'image/jpeg', 'image/jpg', 'image/webp', 'IMAGE/PNG; q=1'].map(outputFormatOf)).toEqual(['png', 'jpeg', 'jpeg', 'webp', 'png']);
  });
});

describe('streamModelStep with a step read in full', () => {
  /** A model whose step comes as `parts` at once; its stream must not be read. */
  function wholeAnswerModel(parts: LanguageModelStreamPart[]): LanguageModel {
    return {
      provider: 'scripted',
      modelId: 'scripted-whole',
      doGenerate: () => Promise.reject(new Error('the loop streams')),
      doStream: () => {
        async function* stream(): AsyncGenerator<LanguageModelStreamPart> {
          yield* [];
          throw new Error('the stream of a step read in full was read');
        }
        return Promise.resolve({ stream: stream(), parts, warnings: [] });
      },
    };
  }
  const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];

  it('takes its parts at once: the same events, text, tool calls and finish as streamed parts give', async () => {
    const parts: LanguageModelStreamPart[] = [
      { type: 'text-delta', delta: 'Hello ' },
      { type: 'text-delta', delta: 'there.' },
      { type: 'tool-call', toolCallId: 'call_1', toolName: 'lookup', input: '{}' },
      finish,
    ];
    const streamed = await step(parts);
    const events: ResponseEvent[] = [];
    const emitter = new ResponseEmitter((event) => {
      events.push(event);
    });
    emitter.emit({ type: 'response.created', response: { id: 'resp_test', object: 'response', output: [] } as unknown as ResponseObject });
    const result = await streamModelStep(wholeAnswerModel(parts), contractCallOptions({ prompt }), emitter, sequentialIdGenerator());
    expect(result).toEqual(streamed.result);
    expect(events.slice(1)).toEqual(streamed.events);
    expect(emitter.snapshot.output).toEqual(streamed.output);
  });

  it('stops at an abort before the next part, with its reason, as a stream does', async () => {
    const controller = new AbortController();
    const reason = new Error('client went away');
    const emitter = new ResponseEmitter(() => {
      controller.abort(reason);
    });
    emitter.emit({ type: 'response.created', response: { id: 'resp_test', object: 'response', output: [] } as unknown as ResponseObject });
    const parts: LanguageModelStreamPart[] = [{ type: 'text-delta', delta: 'Hello' }, { type: 'text-delta', delta: ' again' }, finish];
    const run = streamModelStep(wholeAnswerModel(parts), contractCallOptions({ prompt, abortSignal: controller.signal }), emitter, sequentialIdGenerator());
    await expect(run).rejects.toBe(reason);
  });
});
