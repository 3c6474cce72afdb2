import { describe, expect, it } from 'vitest';
import { openAIImageModelCapabilities } from './openai-image-model-capabilities.ts';

describe('openAIImageModelCapabilities', () => {
  it('gives the gpt-image-2 family flexible sizes and no input_fidelity', () => {
    for (const modelId of ['gpt-image-2', 'gpt-image-2-2026-04-21', 'gpt-image-2.5-flare', 'gpt-image-2.5-sunburst-2026-09-08', 'gpt-image-2.6-sunburst']) {
      const capabilities = openAIImageModelCapabilities(modelId);
      expect(capabilities.sizes.kind, modelId).toBe('flexible');
      expect(capabilities.supportsInputFidelity, modelId).toBe(false);
      expect(capabilities.isGptImage, modelId).toBe(true);
    }
  });

  it('gives GPT image 1.x the three standard sizes; only mini lacks input_fidelity', () => {
    for (const modelId of ['gpt-image-1', 'gpt-image-1.5', 'gpt-image-1.5-2025-12-16', 'gpt-image-1-mini']) {
      expect(openAIImageModelCapabilities(modelId).sizes).toEqual({ kind: 'fixed', sizes: ['1024x1024', '1536x1024', '1024x1536'], allowsAuto: true });
    }
    expect(openAIImageModelCapabilities('gpt-image-1').supportsInputFidelity).toBe(true);
    expect(openAIImageModelCapabilities('gpt-image-1.5').supportsInputFidelity).toBe(true);
    expect(openAIImageModelCapabilities('gpt-image-1-mini').supportsInputFidelity).toBe(false);
  });

  it('knows dall-e-3 makes one image, cannot edit and answers with URLs by default', () => {
    const capabilities = openAIImageModelCapabilities('dall-e-3');
    expect(capabilities).toMatchObject({ maxImagesPerRequest: 1, maxInputImages: 0, isGptImage: false, needsBase64ResponseFormat: true });
    expect(capabilities.quality).toEqual({ low: 'standard', medium: 'standard', high: 'hd' });
  });

  it('knows dall-e-2 squares and single-image edits', () => {
    expect(openAIImageModelCapabilities('dall-e-2')).toMatchObject({
      maxImagesPerRequest: 10,
      maxInputImages: 1,
      sizes: { kind: 'fixed', sizes: ['256x256', '512x512', '1024x1024'], allowsAuto: false },
      editImageField: 'image',
    });
  });

  it('treats chatgpt-image-latest as GPT image with standard sizes, and unknown ids as GPT image with any size', () => {
    expect(openAIImageModelCapabilities('chatgpt-image-latest')).toMatchObject({ isGptImage: true, sizes: { kind: 'fixed' } });
    expect(openAIImageModelCapabilities('my-azure-deployment')).toMatchObject({ isGptImage: true, sizes: { kind: 'any' } });
  });
});
