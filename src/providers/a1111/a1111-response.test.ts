import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ProviderError } from '../spec/provider-error.ts';
import { readA1111Fixture } from '../../../test/kits/providers/a1111/a1111-fake-server.ts';
import { mapA1111Response } from './a1111-response.ts';

const prompt = 'a lighthouse on a cliff at dusk';
const size = async (data: Uint8Array | undefined) => {
  const metadata = await sharp(data).metadata();
  return `${metadata.width}x${metadata.height}`;
};

describe('mapA1111Response', () => {
  it('decodes the batch and reports the prompt the styles made as the revised prompt', async () => {
    const answer = mapA1111Response('a1111', readA1111Fixture('txt2img-response.json'), 2, prompt);
    expect(answer.images).toHaveLength(2);
    expect(await size(answer.images[0]?.data)).toBe('512x768');
    expect(answer.images.map((image) => image.revisedPrompt)).toEqual([`${prompt}, cinematic still, dramatic lighting`, `${prompt}, cinematic still, dramatic lighting`]);
    expect(answer.modelName).toBe('dreamshaper_8');
  });

  it('skips the grid A1111 puts in front of the batch', async () => {
    const answer = mapA1111Response('a1111', readA1111Fixture('txt2img-response-with-grid.json'), 2, prompt);
    expect(await Promise.all(answer.images.map((image) => size(image.data)))).toEqual(['512x768', '512x768']);
  });

  it('gives no revised prompt when A1111 used the prompt as sent', () => {
    const answer = mapA1111Response('a1111', readA1111Fixture('img2img-response.json'), 1, 'a red door');
    expect(answer.images[0]?.revisedPrompt).toBeUndefined();
  });

  it('takes only the batch when scripts append more, and reads data URLs and a broken info string', () => {
    const png = (readA1111Fixture('img2img-response.json') as { images: string[] }).images[0] ?? '';
    const answer = mapA1111Response('a1111', { images: [`data:image/png;base64,${png}`, png], info: '{not json' }, 1, 'x');
    expect(answer.images).toHaveLength(1);
    expect(answer.images[0]?.revisedPrompt).toBeUndefined();
  });

  it.each([
    [{ images: null, parameters: {}, info: '{}' }, 'a1111 sent 0 image(s); 1 were asked for'],
    [{ images: 'abc' }, 'a1111 answered with an unexpected shape'],
    [{ images: [''] }, 'a1111 sent an empty image'],
  ])('refuses %o as invalid_response', (json, message) => {
    let caught: unknown;
    try {
      mapA1111Response('a1111', json, 1, 'x');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProviderError);
    expect(caught).toMatchObject({ kind: 'invalid_response', isRetryable: false, message: expect.stringContaining(message) });
  });
});
