import { describe, expect, it } from 'vitest';
import { imagenModelCapabilities, splitIntoBatches } from './imagen-capabilities.ts';
import { buildImagenPredictBody } from './imagen-request.ts';
import { mapImagenResponse } from './imagen-response.ts';
import { readGeminiImageFixture } from '../../../test/kits/providers/gemini/gemini-image-fake-server.ts';

describe('buildImagenPredictBody', () => {
  const standard = imagenModelCapabilities('imagen-4.0-generate-001');

  it('sends only the prompt and count without a size', () => {
    expect(buildImagenPredictBody({ prompt: 'fox', sampleCount: 3, capabilities: standard, target: undefined })).toEqual({
      instances: [{ prompt: 'fox' }],
      parameters: { sampleCount: 3, includeRaiReason: true },
    });
  });

  it('maps the size to the nearest of the five ratios and a 2K tier when needed', () => {
    expect(buildImagenPredictBody({ prompt: 'fox', sampleCount: 1, capabilities: standard, target: { width: 1080, height: 1920 } }).parameters).toEqual({
      sampleCount: 1,
      aspectRatio: '9:16',
      sampleImageSize: '2K',
      includeRaiReason: true,
    });
    expect(buildImagenPredictBody({ prompt: 'fox', sampleCount: 1, capabilities: standard, target: { width: 1536, height: 1024 } }).parameters.aspectRatio).toBe('4:3');
  });
});

describe('splitIntoBatches', () => {
  it.each([
    [1, 4, [1]],
    [4, 4, [4]],
    [6, 4, [4, 2]],
    [10, 4, [4, 4, 2]],
    [3, 1, [1, 1, 1]],
  ])('n=%i by %i → %j', (n, max, batches) => {
    expect(splitIntoBatches(n, max)).toEqual(batches);
  });
});

describe('mapImagenResponse', () => {
  it('reads images and keeps the reasons for filtered samples', () => {
    const answer = mapImagenResponse('gemini.imagen', readGeminiImageFixture('predict-imagen-rai-filtered.json'));
    expect(answer.images.map((image) => image.mediaType)).toEqual(['image/png']);
    expect(answer.filteredReasons).toEqual([expect.stringContaining('filtered out 1 generated images')]);
  });

  it('an answer without predictions has no images and no reasons', () => {
    expect(mapImagenResponse('gemini.imagen', {})).toEqual({ images: [], filteredReasons: [] });
  });

  it('an unexpected shape is an invalid_response', () => {
    expect(() => mapImagenResponse('gemini.imagen', { predictions: 'x' })).toThrow(expect.objectContaining({ kind: 'invalid_response' }));
  });
});
