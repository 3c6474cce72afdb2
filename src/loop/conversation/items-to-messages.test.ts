import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { LanguageModelImagePart } from '../../providers/spec/language-model.ts';
import { decodeDataUrl } from '../../responses/conversation/decode-image-url.ts';
import { itemsToMessages } from './items-to-messages.ts';

const png = await sharp({ create: { width: 640, height: 480, channels: 3, background: 'white' } }).png().toBuffer();
const dataUrl = `data:image/png;base64,${png.toString('base64')}`;
const loadImage = (url: string) => Promise.resolve(decodeDataUrl(url, 'input')!);

describe('itemsToMessages', () => {
  it('gives every image part its pixel size and the requested detail (for the input-token bound)', async () => {
    const { messages } = await itemsToMessages(
      [
        { item: { type: 'message', id: 'msg_1', role: 'user', content: [{ type: 'input_image', image_url: dataUrl, detail: 'low' }] }, param: undefined },
        { item: { type: 'image_generation_call', id: 'ig_1', result: png.toString('base64'), output_format: 'png' }, param: undefined },
      ],
      null,
      loadImage,
    );
    const images = messages.flatMap((message) => (Array.isArray(message.content) ? message.content : [])).filter((part): part is LanguageModelImagePart => part.type === 'image');
    expect(images.map(({ width, height, detail }) => ({ width, height, detail }))).toEqual([
      { width: 640, height: 480, detail: 'low' },
      { width: 640, height: 480, detail: undefined },
    ]);
  });

  it('refuses a function_call_output whose call_id no earlier call made, naming the input item', async () => {
    const call = { item: { type: 'function_call' as const, id: 'fc_1', call_id: 'call_1', name: 'get_weather', arguments: '{}' }, param: undefined };
    const output = (callId: string) => ({ item: { type: 'function_call_output' as const, id: 'fco_1', call_id: callId, output: '21 C' }, param: 'input[0]' });
    await expect(itemsToMessages([call, output('call_1')], null, loadImage)).resolves.toBeDefined();
    await expect(itemsToMessages([call, output('call_missing')], null, loadImage)).rejects.toMatchObject({
      status: 400,
      param: 'input[0]',
      code: 'tool_call_not_found',
      message: 'No tool call found for function call output with call_id call_missing.',
    });
  });
});
