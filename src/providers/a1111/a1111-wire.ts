/**
 * What the AUTOMATIC1111 web UI API answers, as far as we read it (modules/api/models.py
 * `TextToImageResponse` / `ImageToImageResponse`, modules/processing.py `Processed.js()` for
 * `info`, modules/api/api.py `handle_exception` for errors). Unknown fields pass through:
 * forks (Forge, reForge, SD.Next) add their own.
 */
import { z } from 'zod';

/** `{images: [base64…] | null, parameters: {…the request…}, info: "<JSON string>"}` */
export const a1111ImagesResponseSchema = z.object({
  images: z.array(z.string()).nullish(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  info: z.string().optional(),
});

/** The parts of `Processed.js()` we use; every field optional, older versions lack some. */
export const a1111InfoSchema = z
  .object({
    prompt: z.string().optional(),
    all_prompts: z.array(z.string()).optional(),
    seed: z.number().optional(),
    all_seeds: z.array(z.number()).optional(),
    width: z.number().optional(),
    height: z.number().optional(),
    // 1 when a grid of the batch was put in front of the images (opts.return_grid).
    index_of_first_image: z.number().int().min(0).optional(),
    sd_model_name: z.string().nullish(),
  })
  .loose();

/**
 * Errors: `{error, detail, body, errors}` from the API's own handler (`error` is the exception
 * class name, `errors` its text), FastAPI's `{detail: "Not Found"}`, or a 422
 * `{detail: [{loc, msg, type}]}` from request validation.
 */
export const a1111ErrorSchema = z
  .object({
    error: z.string().optional(),
    detail: z.union([z.string(), z.array(z.object({ loc: z.array(z.union([z.string(), z.number()])).optional(), msg: z.string().optional() }).loose())]).optional(),
    errors: z.string().optional(),
  })
  .loose();

export type A1111ImagesResponse = z.infer<typeof a1111ImagesResponseSchema>;
export type A1111Info = z.infer<typeof a1111InfoSchema>;
