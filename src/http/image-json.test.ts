import { describe, expect, it } from 'vitest';
import { ImageJsonWriter, encodeJsonPieces, mayHoldImage } from './image-json.ts';

const image = 'iVBORw0KGgo+/='.repeat(3000);
const text = (value: unknown, writer = new ImageJsonWriter()) => Buffer.from(encodeJsonPieces(writer.pieces(value, 'data: ', '\n\n'))).toString('utf8');

describe('ImageJsonWriter', () => {
  const response = { id: 'resp_1', object: 'response', output: [{ id: 'ig_1', type: 'image_generation_call', status: 'completed', result: image }, { type: 'message', content: [{ type: 'output_text', text: 'Voilà "done" ✓' }] }] };
  const cases: Record<string, unknown> = {
    'a completed event (the image inside its response)': { type: 'response.completed', response },
    'an item done': { type: 'response.output_item.done', output_index: 0, item: response.output[0] },
    'a partial image': { type: 'response.image_generation_call.partial_image', partial_image_b64: image, partial_image_index: 0 },
    'an Images API answer with two images': { created: 1, data: [{ b64_json: image }, { b64_json: `${image}AAAA` }] },
    'an image that needs escaping (stringified as usual)': { type: 'response.output_item.done', item: { type: 'image_generation_call', result: `${image}\n"é` } },
    'no image at all': { type: 'response.output_text.delta', delta: 'hello "world"' },
  };
  for (const [name, value] of Object.entries(cases)) {
    it(`writes exactly what JSON.stringify writes: ${name}`, () => {
      expect(text(value)).toBe(`data: ${JSON.stringify(value)}\n\n`);
    });
  }

  it('leaves the image out of JSON.stringify: the image is its own piece, not copied into the JSON text', () => {
    const pieces = new ImageJsonWriter().pieces({ type: 'response.completed', response });
    expect(pieces.filter((piece) => piece.image).map((piece) => piece.text)).toEqual([image]);
    expect(pieces.filter((piece) => !piece.image).every((piece) => piece.text.length < 1000)).toBe(true);
  });

  it('tells events that may hold an image from those that cannot', () => {
    expect(mayHoldImage({ type: 'response.completed', response })).toBe(true);
    expect(mayHoldImage({ type: 'response.output_text.delta' })).toBe(false);
    expect(mayHoldImage({ type: 'response.output_item.done', item: { type: 'message' } })).toBe(false);
  });
});
