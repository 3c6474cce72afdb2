/**
 * What `models/{model}:generateContent` answers, as far as the image adapter reads it
 * (Gemini API reference: GenerateContentResponse, Candidate, Part, UsageMetadata), and Google's
 * error envelope. Enum fields are plain strings: a value we do not know must not fail the answer.
 */
import { z } from 'zod';

const blobSchema = z.object({ mimeType: z.string().optional(), data: z.string() });

export const geminiPartSchema = z.object({
  text: z.string().optional(),
  inlineData: blobSchema.optional(),
  /** Gemini 3 image models show interim "thinking" images; those are not the answer. */
  thought: z.boolean().optional(),
});

const modalityTokenCountSchema = z.object({ modality: z.string().optional(), tokenCount: z.number().optional() });

export const geminiUsageMetadataSchema = z.object({
  promptTokenCount: z.number().optional(),
  candidatesTokenCount: z.number().optional(),
  thoughtsTokenCount: z.number().optional(),
  totalTokenCount: z.number().optional(),
  promptTokensDetails: z.array(modalityTokenCountSchema).optional(),
});

export const geminiGenerateContentResponseSchema = z.object({
  candidates: z
    .array(
      z.object({
        content: z.object({ parts: z.array(geminiPartSchema).optional(), role: z.string().optional() }).optional(),
        finishReason: z.string().optional(),
        finishMessage: z.string().optional(),
        index: z.number().optional(),
      }),
    )
    .optional(),
  promptFeedback: z.object({ blockReason: z.string().optional(), blockReasonMessage: z.string().optional() }).optional(),
  usageMetadata: geminiUsageMetadataSchema.optional(),
  modelVersion: z.string().optional(),
  responseId: z.string().optional(),
});

/** The request body we send; camelCase is the proto JSON form, which the REST API reads. */
export interface GeminiGenerateContentBody {
  contents: Array<{ role: 'user'; parts: Array<{ text: string } | { inlineData: { mimeType: string; data: string } }> }>;
  generationConfig: {
    responseModalities: ReadonlyArray<'TEXT' | 'IMAGE'>;
    imageConfig?: { aspectRatio?: string; imageSize?: string };
    seed?: number;
  };
}

export type GeminiGenerateContentResponse = z.infer<typeof geminiGenerateContentResponseSchema>;
export type GeminiUsageMetadata = z.infer<typeof geminiUsageMetadataSchema>;
