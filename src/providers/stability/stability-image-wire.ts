/**
 * Stability's stable-image answers as far as we read them (platform.stability.ai API
 * reference, v2beta stable-image): with `Accept: application/json` a 200 is
 * `{image (base64), finish_reason, seed}`; every error is `{id, name, errors: [string]}`.
 */
import { z } from 'zod';

export const stabilityImageResponseSchema = z.object({
  image: z.string(),
  /** `SUCCESS`, or `CONTENT_FILTERED` when the output was blurred by moderation. */
  finish_reason: z.string().optional(),
  seed: z.union([z.number(), z.string()]).optional(),
});

export const stabilityErrorSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  errors: z.array(z.string()).optional(),
});

export type StabilityImageResponse = z.infer<typeof stabilityImageResponseSchema>;
export type StabilityErrorBody = z.infer<typeof stabilityErrorSchema>;
