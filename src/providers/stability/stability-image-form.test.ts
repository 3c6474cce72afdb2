import { describe, expect, it } from 'vitest';
import { buildStabilityForm } from './stability-image-form.ts';

async function parse(form: FormData) {
  const response = new Response(form);
  const parsed = await response.formData();
  const entries: Array<[string, string | { name: string; type: string; size: number }]> = [];
  for (const [name, value] of parsed.entries()) entries.push([name, typeof value === 'string' ? value : { name: value.name, type: value.type, size: value.size }]);
  return entries;
}

describe('buildStabilityForm', () => {
  it('writes the text-to-image fields under their wire names', async () => {
    const form = buildStabilityForm({ prompt: 'a fox', model: 'sd3.5-large', mode: undefined, aspectRatio: '16:9', strength: undefined, seed: 42, outputFormat: 'jpeg', image: undefined, mask: undefined });
    expect(await parse(form)).toEqual([
      ['prompt', 'a fox'],
      ['model', 'sd3.5-large'],
      ['aspect_ratio', '16:9'],
      ['seed', '42'],
      ['output_format', 'jpeg'],
    ]);
  });

  it('sends the image and the mask as files', async () => {
    const form = buildStabilityForm({
      prompt: 'a red door',
      model: undefined,
      mode: 'image-to-image',
      aspectRatio: undefined,
      strength: 0.35,
      seed: undefined,
      outputFormat: 'png',
      image: { data: new Uint8Array([1, 2, 3]), mediaType: 'image/jpeg' },
      mask: new Uint8Array([4, 5]),
    });
    expect(await parse(form)).toEqual([
      ['prompt', 'a red door'],
      ['mode', 'image-to-image'],
      ['strength', '0.35'],
      ['output_format', 'png'],
      ['image', { name: 'image.jpg', type: 'image/jpeg', size: 3 }],
      ['mask', { name: 'mask.png', type: 'image/png', size: 2 }],
    ]);
  });
});
