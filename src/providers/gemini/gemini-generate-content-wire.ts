/**
 * The Gemini API's `models/{model}:generateContent` and `:streamGenerateContent?alt=sse` on the
 * wire (reference: ai.google.dev/api/generate-content, ai.google.dev/api/caching#Content), as
 * far as the adapter writes and reads them. Answers are read leniently: enum values stay plain
 * strings and unknown part kinds pass, so a newer API version cannot fail a whole answer.
 */
import { z } from 'zod';

export type GeminiRequestPart =
  | { text: string }
  | { inlineData: { mimeType: string; data: string } }
  /** `thoughtSignature` sits beside `functionCall`, on the part (thought-signatures guide). */
  | { functionCall: { name: string; args: Record<string, unknown> }; thoughtSignature?: string }
  /** `output` is the key the API reference names for a function's result. */
  | { functionResponse: { name: string; response: { output: string } } };

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiRequestPart[];
}

/** Gemini's OpenAPI-3.0 subset of JSON Schema (reference: `Schema`). */
export type GeminiSchema = { [key: string]: unknown };

export interface GeminiFunctionDeclaration {
  name: string;
  description: string;
  /** Left out for a function without arguments. */
  parameters?: GeminiSchema;
}

export interface GeminiFunctionCallingConfig {
  mode: 'AUTO' | 'ANY' | 'NONE';
  allowedFunctionNames?: string[];
}

/** What we POST; fields left out are left to Gemini's defaults. */
export interface GeminiGenerateContentRequestBody {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
  tools?: Array<{ functionDeclarations: GeminiFunctionDeclaration[] }>;
  toolConfig?: { functionCallingConfig: GeminiFunctionCallingConfig };
  generationConfig?: { maxOutputTokens?: number; temperature?: number; topP?: number; responseModalities?: Array<'TEXT' | 'IMAGE'> };
}

const count = z.number().int().min(0).nullish();

export const geminiUsageMetadataSchema = z.looseObject({
  /** Includes cachedContentTokenCount. */
  promptTokenCount: count,
  cachedContentTokenCount: count,
  /** The answer only; thinking is counted apart in thoughtsTokenCount. */
  candidatesTokenCount: count,
  /** candidatesTokenCount per modality (`TEXT`, `IMAGE`, …). */
  candidatesTokensDetails: z.array(z.looseObject({ modality: z.string().nullish(), tokenCount: count })).nullish(),
  thoughtsTokenCount: count,
  toolUsePromptTokenCount: count,
  totalTokenCount: count,
});

export const geminiFunctionCallSchema = z.looseObject({
  /** Not documented for generateContent answers, but sent by some models; used when present. */
  id: z.string().nullish(),
  name: z.string().min(1),
  args: z.record(z.string(), z.unknown()).nullish(),
});

export const geminiResponsePartSchema = z.looseObject({
  text: z.string().nullish(),
  /** A thought summary, only sent with `includeThoughts`; not part of the answer. */
  thought: z.boolean().nullish(),
  thoughtSignature: z.string().nullish(),
  functionCall: geminiFunctionCallSchema.nullish(),
  /** A file the model wrote: native-image models (gemini-2.5-flash-image, …) answer images this way, base64. */
  inlineData: z.looseObject({ mimeType: z.string(), data: z.string() }).nullish(),
});

export const geminiCandidateSchema = z.looseObject({
  content: z.looseObject({ parts: z.array(geminiResponsePartSchema).nullish(), role: z.string().nullish() }).nullish(),
  finishReason: z.string().nullish(),
});

export const geminiGenerateContentResponseSchema = z.looseObject({
  candidates: z.array(geminiCandidateSchema).nullish(),
  /** Set instead of candidates when the prompt itself was blocked. */
  promptFeedback: z.looseObject({ blockReason: z.string().nullish() }).nullish(),
  usageMetadata: geminiUsageMetadataSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});

export type GeminiGenerateContentResponse = z.infer<typeof geminiGenerateContentResponseSchema>;
export type GeminiUsageMetadata = z.infer<typeof geminiUsageMetadataSchema>;
export type GeminiResponsePart = z.infer<typeof geminiResponsePartSchema>;
