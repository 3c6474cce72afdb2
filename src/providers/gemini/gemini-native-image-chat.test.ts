import { describe, expect, it } from 'vitest';
import { isGeminiNativeImageModel, withImageOutput } from './gemini-native-image-chat.ts';

describe('Gemini native-image chat models', () => {
  it('are told apart by the -image segment of their id', () => {
    const ids = ['gemini-2.5-flash-image', 'models/gemini-2.5-flash-image-preview', 'gemini-3-pro-image-preview', 'gemini-2.0-flash-preview-image-generation', 'gemini-2.5-flash', 'gemini-3-pro-preview', 'imagen-4.0-generate-001'];
    expect(ids.filter(isGeminiNativeImageModel)).toEqual(ids.slice(0, 4));
  });

  it('are asked for text and images, keeping the other generation settings; other models are left alone', () => {
    const body = { contents: [], generationConfig: { maxOutputTokens: 512 } };
    expect(withImageOutput('gemini-2.5-flash-image', body)).toEqual({ contents: [], generationConfig: { maxOutputTokens: 512, responseModalities: ['TEXT', 'IMAGE'] } });
    expect(withImageOutput('gemini-2.5-flash', body)).toBe(body);
  });
});
