import { describe, expect, it } from 'vitest';
import { imageCallOptions } from '../../../test/kits/providers/contract/image-model.contract.ts';
import type { ImageModelCallOptions } from '../spec/image-model.ts';
import { buildOpenAIImageEditForm } from './openai-image-edit-form.ts';
import { openAIImageModelCapabilities } from './openai-image-model-capabilities.ts';
import { resolveOpenAIImageRequest } from './openai-image-request-settings.ts';

/** Encodes the form as fetch would and parses it back, as the server does. */
async function sentForm(modelId: string, overrides: Partial<ImageModelCallOptions>): Promise<FormData> {
  const options = imageCallOptions(overrides);
  const form = buildOpenAIImageEditForm(resolveOpenAIImageRequest(modelId, openAIImageModelCapabilities(modelId), options), options.images, options.mask);
  const encoded = new Request('http://127.0.0.1/', { method: 'POST', body: form });
  return new Response(await encoded.arrayBuffer(), { headers: { 'content-type': encoded.headers.get('content-type') ?? '' } }).formData();
}

const first = { data: new Uint8Array([137, 80, 78, 71]), mediaType: 'image/png' };
const second = { data: new Uint8Array([255, 216, 255]), mediaType: 'image/jpeg' };
const mask = { data: new Uint8Array([137, 80, 78, 71, 0]), mediaType: 'image/png' };

describe('buildOpenAIImageEditForm', () => {
  it('sends each input image as an image[] file part with filename and type, and the mask', async () => {
    const form = await sentForm('gpt-image-1.5', { prompt: 'add a hat', images: [first, second], mask, size: '1024x1536', quality: 'high', outputFormat: 'webp', outputCompression: 80, inputFidelity: 'high' });
    const images = form.getAll('image[]') as File[];
    expect(images.map((file) => [file.name, file.type])).toEqual([['image-1.png', 'image/png'], ['image-2.jpg', 'image/jpeg']]);
    expect(new Uint8Array(await (images[1] as File).arrayBuffer())).toEqual(second.data);
    const maskFile = form.get('mask') as File;
    expect([maskFile.name, maskFile.type, new Uint8Array(await maskFile.arrayBuffer())]).toEqual(['mask.png', 'image/png', mask.data]);
    const fields = Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === 'string'));
    expect(fields).toEqual({ model: 'gpt-image-1.5', prompt: 'add a hat', n: '1', size: '1024x1536', quality: 'high', output_format: 'webp', output_compression: '80', input_fidelity: 'high' });
  });

  it('adds stream and partial_images as text fields when streaming', async () => {
    const form = await sentForm('gpt-image-1', { images: [first], partialImages: 2, onPartialImage: () => undefined });
    expect([form.get('stream'), form.get('partial_images')]).toEqual(['true', '2']);
  });

  it('uses the single image field and base64 answers for dall-e-2', async () => {
    const form = await sentForm('dall-e-2', { images: [first], size: '512x512' });
    expect(form.getAll('image[]')).toEqual([]);
    expect((form.get('image') as File).name).toBe('image-1.png');
    expect([form.get('response_format'), form.get('size')]).toEqual(['b64_json', '512x512']);
  });
});
