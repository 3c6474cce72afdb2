import { z } from 'zod';
import { imageSizeSchema } from '../../responses/request/image-size.ts';
import { imageUrlSchema } from '../../responses/request/image-url.ts';
import { integerInRange, modelNameSchema, pushWireIssue } from '../../responses/request/wire-primitives.ts';

/**
 * Wire schemas of the Images API (OpenAI `CreateImageRequest`, `CreateImageEditRequest`,
 * `EditImageBodyJsonParam`). Strict: an unknown field is `unknown_parameter`, as OpenAI answers.
 * Every option is nullable, as in the spec; null means "the default".
 */

/** Fields the generation and both edit forms share. */
const sharedFields = {
  prompt: z.string().min(1).max(32_000),
  /** Image model name; routed like the image tool's `model`. */
  model: modelNameSchema.nullable().optional(),
  /** Images to make, exactly; 1..10. */
  n: integerInRange(1, 10).nullable().optional(),
  /** `auto` or `WIDTHxHEIGHT` in pixels. */
  size: imageSizeSchema.nullable().optional(),
  background: z.enum(['transparent', 'opaque', 'auto']).nullable().optional(),
  output_format: z.enum(['png', 'jpeg', 'webp']).nullable().optional(),
  /** 0..100, percent; jpeg and webp. */
  output_compression: integerInRange(0, 100).nullable().optional(),
  moderation: z.enum(['low', 'auto']).nullable().optional(),
  /** Only `b64_json`: images are returned inline (see the README). */
  response_format: z.enum(['url', 'b64_json']).nullable().optional(),
  stream: z.boolean().nullable().optional(),
  /** Partial images per image while streaming, 0..3. */
  partial_images: integerInRange(0, 3).nullable().optional(),
  user: z.string().optional(),
};

type SharedChecked = { background?: string | null | undefined; output_format?: string | null | undefined; response_format?: string | null | undefined };

/** Cross-field rules every form applies. */
function checkShared(ctx: z.core.ParsePayload<SharedChecked>): void {
  // Spec: "When using `transparent`, set the output format to `png` or `webp`."
  if (ctx.value.background === 'transparent' && ctx.value.output_format === 'jpeg') {
    pushWireIssue(
      ctx,
      {
        code: 'invalid_value',
        message: "Invalid value for '{param}': 'transparent' requires an output_format that supports transparency ('png' or 'webp'), but output_format is 'jpeg'.",
      },
      ['background'],
    );
  }
  if (ctx.value.response_format === 'url') {
    pushWireIssue(
      ctx,
      {
        code: 'unsupported_value',
        message: "Invalid value for '{param}': imagegate returns images inline only; use 'b64_json' (or leave response_format out).",
      },
      ['response_format'],
    );
  }
}

/** `POST /v1/images/generations` (JSON). */
export const imageGenerationRequestSchema = z
  .strictObject({
    ...sharedFields,
    /** `standard` / `hd` are dall-e-3's names; they are read as `medium` / `high`. */
    quality: z.enum(['standard', 'hd', 'low', 'medium', 'high', 'auto']).nullable().optional(),
    /** dall-e-3 only; no imagegate backend has it, so it is accepted and reported as a warning. */
    style: z.enum(['vivid', 'natural']).nullable().optional(),
  })
  .check(checkShared);

const editOnlyFields = {
  quality: z.enum(['standard', 'low', 'medium', 'high', 'auto']).nullable().optional(),
  input_fidelity: z.enum(['high', 'low']).nullable().optional(),
};

/** `POST /v1/images/edits` multipart: the text fields (files are read apart, see the route). */
export const imageEditFormFieldsSchema = z.strictObject({ ...sharedFields, ...editOnlyFields }).check(checkShared);

/**
 * `ImageRefParam`: exactly one of `image_url` (http(s) or data URL) and `file_id` (an upload of
 * the same key, see load-image-ref.ts).
 */
const imageRefSchema = z.strictObject({
  image_url: imageUrlSchema.optional(),
  file_id: z.string().optional(),
});

/** `POST /v1/images/edits` JSON: `images` and `mask` as references. */
export const imageEditJsonRequestSchema = z
  .strictObject({
    ...sharedFields,
    ...editOnlyFields,
    images: z.array(imageRefSchema).min(1).max(16),
    mask: imageRefSchema.nullable().optional(),
  })
  .check(checkShared);

export type ImageGenerationRequestWire = z.infer<typeof imageGenerationRequestSchema>;
export type ImageEditFormFieldsWire = z.infer<typeof imageEditFormFieldsSchema>;
export type ImageEditJsonRequestWire = z.infer<typeof imageEditJsonRequestSchema>;
export type ImageRefWire = z.infer<typeof imageRefSchema>;
