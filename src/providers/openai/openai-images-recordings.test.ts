/**
 * The OpenAI Images mapping against answers vercel/ai recorded from api.openai.com. vercel/ai
 * cut each `b64_json` to its first 80 characters, so only the PNG signature and IHDR header
 * survive: enough to check what we decoded, not a whole picture. See
 * test/fixtures/providers/openai/vercel-ai/images/README.md.
 */
import { describe, expect, it } from 'vitest';
import { ImageGenerationError } from '../spec/image-generation-error.ts';
import { readImageDimensions } from '../../media/read-image-dimensions.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { readRecording } from '../../../test/kits/providers/shared/testing/recordings.ts';
import { mapOpenAIImageError } from './openai-image-error.ts';
import { mapOpenAIImagesResponse } from './openai-image-response.ts';

const recording = (name: string) => readRecording(new URL(`../../../test/fixtures/providers/openai/vercel-ai/images/${name}`, import.meta.url));

describe('OpenAI Images recordings', () => {
  it('openai-image.json (dall-e-3 shape): two images with the revised prompt of the first, no usage, no reported settings', () => {
    const answer = mapOpenAIImagesResponse('openai.image', JSON.parse(recording('openai-image.json')) as unknown);
    expect(answer.images.map((image) => image.revisedPrompt)).toEqual([
      "A small and adorable baby sea otter. This little creature is covered in a thick and fluffy brown fur, its tiny paws are slightly visible. The otter has bright, curious eyes and it's floating on its back on a calm sea, surrounded by floating seaweed.",
      undefined,
    ]);
    expect(answer.images.map((image) => readImageDimensions(image.data))).toEqual([
      { width: 1024, height: 1024 },
      { width: 1024, height: 1024 },
    ]);
    expect(answer.usage).toBeUndefined();
    expect(answer.reported).toEqual({ size: undefined, quality: undefined, background: undefined, outputFormat: undefined });
  });

  it('openai-image-edit.json (gpt-image): the settings the answer reports are kept verbatim', () => {
    const answer = mapOpenAIImagesResponse('openai.image', JSON.parse(recording('openai-image-edit.json')) as unknown);
    expect(answer.reported).toEqual({ size: '1024x1024', quality: 'high', background: 'opaque', outputFormat: 'png' });
    expect(answer.images).toHaveLength(1);
    expect(Buffer.from(answer.images[0]?.data ?? []).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  });

  it('gpt-image-response-format-error.json: the 400 for response_format is the caller\'s to fix, with OpenAI\'s code and message', () => {
    const body = recording('gpt-image-response-format-error.json');
    const mapped = mapOpenAIImageError(new ProviderError({ provider: 'openai.image', kind: 'http', status: 400, body, message: 'HTTP 400' }));
    expect(mapped).toBeInstanceOf(ImageGenerationError);
    expect(mapped).toMatchObject({ code: 'unknown_parameter', type: 'image_generation_user_error', message: "Unknown parameter: 'response_format'." });
  });
});
