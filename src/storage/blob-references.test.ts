import { describe, expect, it } from 'vitest';
import { extractBlobs, referencesUnder, rehydrateBlobs } from './blob-references.ts';
import { fakePngBase64 } from '../../test/kits/storage/response-store.fixtures.ts';

describe('extractBlobs / rehydrateBlobs', () => {
  it('moves image strings out and puts them back exactly', async () => {
    const image = fakePngBase64(100);
    const dataUrl = `data:image/png;base64,${fakePngBase64(50, 7)}`;
    const document = {
      response: { output: [{ type: 'image_generation_call', result: image }], note: 'data:,plain' },
      inputItems: [{ content: [{ type: 'input_image', image_url: dataUrl }, { type: 'input_image', image_url: dataUrl }] }],
    };
    const { document: stripped, references, blobs } = extractBlobs(document, 'responses/r/v/');
    expect(blobs.map((blob) => [blob.key, blob.contentType])).toEqual([
      ['responses/r/v/0.png', 'image/png'],
      ['responses/r/v/1.png', 'image/png'],
    ]);
    expect(references.map((reference) => reference.key)).toEqual([
      'responses/r/v/0.png',
      'responses/r/v/1.png',
      'responses/r/v/1.png',
    ]);
    expect(JSON.stringify(stripped)).not.toContain(image);
    expect(stripped.response).toEqual({ output: [{ type: 'image_generation_call', result: { $blob: 'responses/r/v/0.png' } }], note: 'data:,plain' });

    const byKey = new Map(blobs.map((blob) => [blob.key, blob.bytes]));
    const parsed = JSON.parse(JSON.stringify(stripped)) as unknown;
    await rehydrateBlobs(parsed, references, async (key) => byKey.get(key) ?? new Uint8Array());
    expect(parsed).toEqual(document);
  });

  it('copies only the branches that held an image: a text answer is walked without a copy', () => {
    const text = { response: { output: [{ type: 'message', content: [{ type: 'output_text', text: 'data:,570' }] }] }, inputItems: [{ type: 'message' }] };
    const untouched = extractBlobs(text, 'p/');
    expect(untouched.document.response).toBe(text.response);
    expect(untouched.document.inputItems).toBe(text.inputItems);

    const input = [{ type: 'message' }, { type: 'input_image', image_url: `data:image/png;base64,${fakePngBase64(50)}` }];
    const mixed = { response: text.response, inputItems: input };
    const before = structuredClone(mixed);
    const { document, references } = extractBlobs(mixed, 'p/');
    expect(document.response).toBe(text.response);
    expect(document.inputItems).not.toBe(input);
    expect((document.inputItems as unknown[])[0]).toBe(input[0]);
    expect((document.inputItems as unknown[])[1]).toEqual({ type: 'input_image', image_url: { $blob: 'p/0.png' } });
    expect(references.map((reference) => reference.path)).toEqual([['inputItems', 1, 'image_url']]);
    expect(mixed).toEqual(before);
  });

  it('leaves a result outside image_generation_call alone', () => {
    const document = { response: { output: [{ type: 'function_call_output', result: fakePngBase64(100) }] } };
    expect(extractBlobs(document, 'p/').blobs).toEqual([]);
  });

  it('makes reference paths relative to a sub-document', () => {
    const references = [
      { path: ['inputItems', 1, 'content', 0, 'image_url'], key: 'k', encoding: 'base64' as const, prefix: '' },
      { path: ['inputItems', 10, 'x'], key: 'k2', encoding: 'base64' as const, prefix: '' },
    ];
    expect(referencesUnder(references, ['inputItems', 1])).toEqual([
      { path: ['content', 0, 'image_url'], key: 'k', encoding: 'base64', prefix: '' },
    ]);
  });
});
