import { describe, expect, it } from 'vitest';
import { openAIImageModelCapabilities } from './openai-image-model-capabilities.ts';
import { checkOpenAIImageSize } from './openai-image-size.ts';

const rule = (modelId: string) => openAIImageModelCapabilities(modelId).sizes;

describe('checkOpenAIImageSize', () => {
  it('sends nothing for no size, and auto only where the model has it', () => {
    expect(checkOpenAIImageSize(undefined, rule('gpt-image-1'))).toEqual({ wireSize: undefined });
    expect(checkOpenAIImageSize('auto', rule('gpt-image-1'))).toEqual({ wireSize: 'auto' });
    expect(checkOpenAIImageSize('auto', rule('gpt-image-2'))).toEqual({ wireSize: 'auto' });
    expect(checkOpenAIImageSize('auto', rule('dall-e-3'))).toEqual({ wireSize: undefined });
  });

  it('holds fixed-size models to their list', () => {
    expect(checkOpenAIImageSize('1536x1024', rule('gpt-image-1.5'))).toEqual({ wireSize: '1536x1024' });
    expect(checkOpenAIImageSize('1792x1024', rule('gpt-image-1.5'))).toEqual({ problem: 'expected one of 1024x1024, 1536x1024, 1024x1536, auto' });
    expect(checkOpenAIImageSize('1792x1024', rule('dall-e-3'))).toEqual({ wireSize: '1792x1024' });
    expect(checkOpenAIImageSize('1536x1024', rule('dall-e-3'))).toEqual({ problem: 'expected one of 1024x1024, 1792x1024, 1024x1792' });
    expect(checkOpenAIImageSize('512x512', rule('dall-e-2'))).toEqual({ wireSize: '512x512' });
  });

  it('checks gpt-image-2 sizes edge by edge', () => {
    expect(checkOpenAIImageSize('1536x864', rule('gpt-image-2'))).toEqual({ wireSize: '1536x864' });
    expect(checkOpenAIImageSize('3840x2160', rule('gpt-image-2.5-flare'))).toEqual({ wireSize: '3840x2160' });
    expect(checkOpenAIImageSize('1000x1000', rule('gpt-image-2'))).toEqual({ problem: 'both edges must be multiples of 16' });
    expect(checkOpenAIImageSize('4096x2304', rule('gpt-image-2'))).toEqual({ problem: 'the longer edge must be at most 3840' });
    expect(checkOpenAIImageSize('2400x768', rule('gpt-image-2'))).toEqual({ problem: 'the aspect ratio must be between 1:3 and 3:1' });
    expect(checkOpenAIImageSize('512x512', rule('gpt-image-2'))).toMatchObject({ problem: expect.stringContaining('between 655360 and 8294400 pixels') });
  });

  it('rejects what is not a size at all, even for unknown models', () => {
    expect(checkOpenAIImageSize('large', rule('gpt-image-2'))).toEqual({ problem: "expected 'auto' or WIDTHxHEIGHT" });
    expect(checkOpenAIImageSize('1024*1024', rule('some-new-model'))).toEqual({ problem: "expected 'auto' or WIDTHxHEIGHT" });
    expect(checkOpenAIImageSize('1000x1000', rule('some-new-model'))).toEqual({ wireSize: '1000x1000' });
  });
});
