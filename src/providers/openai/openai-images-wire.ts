/**
 * What the Images API answers, as far as we read it (OpenAPI `ImagesResponse`, `ImagesUsage`,
 * `ImageGenStreamEvent`, `ImageEditStreamEvent`, `ErrorResponse`). Enum fields are read as plain
 * strings: a value we do not know (a newer size or quality) must not fail the whole answer.
 */
import { z } from 'zod';

export const openAIImagesUsageSchema = z.object({
  input_tokens: z.number(),
  output_tokens: z.number(),
  total_tokens: z.number().optional(),
  input_tokens_details: z.object({ text_tokens: z.number().optional(), image_tokens: z.number().optional() }).nullish(),
  /** gpt-image-2 and later: output split into image and text tokens, which are billed at different rates. */
  output_tokens_details: z.object({ image_tokens: z.number().optional(), text_tokens: z.number().optional() }).nullish(),
});

/** The settings the answer says were used; the stream events carry them too. */
const reportedSettings = {
  size: z.string().nullish(),
  quality: z.string().nullish(),
  background: z.string().nullish(),
  output_format: z.string().nullish(),
};

export const openAIImagesResponseSchema = z.object({
  created: z.number().optional(),
  data: z.array(z.object({ b64_json: z.string().nullish(), url: z.string().nullish(), revised_prompt: z.string().nullish() })),
  ...reportedSettings,
  usage: openAIImagesUsageSchema.nullish(),
});

export const openAIImagePartialEventSchema = z.object({
  type: z.enum(['image_generation.partial_image', 'image_edit.partial_image']),
  b64_json: z.string(),
  partial_image_index: z.number().int().min(0),
  ...reportedSettings,
});

export const openAIImageCompletedEventSchema = z.object({
  type: z.enum(['image_generation.completed', 'image_edit.completed']),
  b64_json: z.string(),
  ...reportedSettings,
  usage: openAIImagesUsageSchema.nullish(),
});

export type OpenAIImagesUsage = z.infer<typeof openAIImagesUsageSchema>;
export type OpenAIImagesResponse = z.infer<typeof openAIImagesResponseSchema>;
export type OpenAIImagePartialEvent = z.infer<typeof openAIImagePartialEventSchema>;
export type OpenAIImageCompletedEvent = z.infer<typeof openAIImageCompletedEventSchema>;
