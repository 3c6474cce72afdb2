import type { GeminiGenerateContentRequestBody } from './gemini-generate-content-wire.ts';

/**
 * Whether a model draws images itself in a generateContent answer (gemini-2.5-flash-image,
 * gemini-3-pro-image-preview, gemini-2.0-flash-preview-image-generation, …): Google names every
 * such model with an `-image` segment.
 */
export function isGeminiNativeImageModel(modelId: string): boolean {
  return /-image(?:-|$)/.test(modelId.replace(/^models\//, ''));
}

/**
 * Asks a native-image model for text and images. The 2.0 preview refuses a request without
 * both modalities (googleapis/js-genai's recording sends `["IMAGE","TEXT"]`); later models answer
 * both by default, so saying so changes nothing for them. Other models' bodies are returned as they are.
 */
export function withImageOutput(modelId: string, body: GeminiGenerateContentRequestBody): GeminiGenerateContentRequestBody {
  if (!isGeminiNativeImageModel(modelId)) return body;
  return { ...body, generationConfig: { ...body.generationConfig, responseModalities: ['TEXT', 'IMAGE'] } };
}
