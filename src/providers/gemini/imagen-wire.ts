/**
 * Imagen's `models/{model}:predict` on the Gemini API: the body we send and the answer as far
 * as we read it (Gemini API Imagen guide; the parameter names are those the google-genai SDKs
 * write for the Gemini API: sampleCount, aspectRatio, sampleImageSize, includeRaiReason).
 */
import { z } from 'zod';

export interface ImagenPredictBody {
  instances: [{ prompt: string }];
  parameters: {
    sampleCount: number;
    aspectRatio?: string;
    sampleImageSize?: string;
    /** Filtered samples then come back as `{raiFilteredReason}` instead of vanishing silently. */
    includeRaiReason: true;
  };
}

export const imagenPredictResponseSchema = z.object({
  // All samples filtered: the answer may be `{}` without `predictions`.
  predictions: z
    .array(
      z.object({
        bytesBase64Encoded: z.string().optional(),
        mimeType: z.string().optional(),
        raiFilteredReason: z.string().optional(),
      }),
    )
    .optional(),
});

export type ImagenPredictResponse = z.infer<typeof imagenPredictResponseSchema>;
