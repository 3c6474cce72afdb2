import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { geminiImageModelCapabilities } from './gemini-image-capabilities.ts';
import { buildGeminiImageBody, planGeminiImageShape, seedForImage, toInlineImages } from './gemini-image-request.ts';

const flash = geminiImageModelCapabilities('gemini-2.5-flash-image');
const pro = geminiImageModelCapabilities('gemini-3-pro-image-preview');

describe('planGeminiImageShape', () => {
  it('asks for the nearest ratio, and a bigger tier only where the model has one', () => {
    expect(planGeminiImageShape(flash, { width: 1024, height: 1536 })).toEqual({ aspectRatio: '2:3', imageSize: undefined });
    expect(planGeminiImageShape(pro, { width: 1024, height: 1536 })).toEqual({ aspectRatio: '2:3', imageSize: '2K' });
  });

  it('asks for nothing without a size, or from a model without imageConfig', () => {
    expect(planGeminiImageShape(flash, undefined)).toEqual({ aspectRatio: undefined, imageSize: undefined });
    expect(planGeminiImageShape(geminiImageModelCapabilities('gemini-2.0-flash-preview-image-generation'), { width: 1536, height: 1024 })).toEqual({ aspectRatio: undefined, imageSize: undefined });
  });
});

describe('buildGeminiImageBody', () => {
  it('sends the prompt, then the images, with IMAGE output and the shape', () => {
    const body = buildGeminiImageBody({
      prompt: 'make it night',
      images: [{ mimeType: 'image/png', data: 'AAAA' }, { mimeType: 'image/jpeg', data: 'BBBB' }],
      capabilities: pro,
      shape: { aspectRatio: '16:9', imageSize: '2K' },
      seed: 42,
    });
    expect(body).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'make it night' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }, { inlineData: { mimeType: 'image/jpeg', data: 'BBBB' } }] }],
      generationConfig: { responseModalities: ['IMAGE'], imageConfig: { aspectRatio: '16:9', imageSize: '2K' }, seed: 42 },
    });
  });

  it('leaves out imageConfig and seed when there is nothing to say, and asks old models for TEXT too', () => {
    const body = buildGeminiImageBody({
      prompt: 'a fox',
      images: [],
      capabilities: geminiImageModelCapabilities('gemini-2.0-flash-preview-image-generation'),
      shape: { aspectRatio: undefined, imageSize: undefined },
      seed: undefined,
    });
    expect(body).toEqual({ contents: [{ role: 'user', parts: [{ text: 'a fox' }] }], generationConfig: { responseModalities: ['TEXT', 'IMAGE'] } });
  });
});

describe('toInlineImages', () => {
  it('sends png/jpeg/webp as they are and converts other types to png', async () => {
    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#336699' } }).png().toBuffer();
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#336699' } }).gif().toBuffer();
    const [first, second] = await toInlineImages([{ data: png, mediaType: 'image/png' }, { data: gif, mediaType: 'image/gif' }]);
    expect(first).toEqual({ mimeType: 'image/png', data: png.toString('base64') });
    expect(second?.mimeType).toBe('image/png');
    expect((await sharp(Buffer.from(second?.data ?? '', 'base64')).metadata()).format).toBe('png');
  });

  it('sends a rotated photo as upright png', async () => {
    const rotated = await sharp({ create: { width: 6, height: 4, channels: 3, background: '#336699' } }).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const [inline] = await toInlineImages([{ data: rotated, mediaType: 'image/jpeg' }]);
    const metadata = await sharp(Buffer.from(inline?.data ?? '', 'base64')).metadata();
    expect([inline?.mimeType, metadata.width, metadata.height]).toEqual(['image/png', 4, 6]);
  });

  it('refuses bytes that are no image as invalid_image', async () => {
    await expect(toInlineImages([{ data: new Uint8Array([1, 2, 3]), mediaType: 'image/gif' }])).rejects.toMatchObject({ code: 'invalid_image' });
  });
});

describe('seedForImage', () => {
  it('gives image i the seed + i, within int32, and drops seeds Gemini cannot take', () => {
    expect([seedForImage(7, 0), seedForImage(7, 2)]).toEqual([7, 9]);
    expect(seedForImage(2 ** 31 - 2, 1)).toBe(0);
    expect(seedForImage(undefined, 0)).toBeUndefined();
    expect(seedForImage(-1, 0)).toBeUndefined();
    expect(seedForImage(1.5, 0)).toBeUndefined();
  });
});
