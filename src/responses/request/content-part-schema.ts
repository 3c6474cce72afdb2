import { z } from 'zod';
import { imageUrlSchema } from './image-url.ts';
import { pushWireIssue } from './wire-primitives.ts';

const promptCacheBreakpointSchema = z.strictObject({ mode: z.literal('explicit') });

export const inputTextPartSchema = z.strictObject({
  type: z.literal('input_text'),
  text: z.string(),
  prompt_cache_breakpoint: promptCacheBreakpointSchema.optional(),
});

export const imageDetailSchema = z.enum(['low', 'high', 'auto', 'original']);

/** An image given to the model: an http(s) or data URL, or an uploaded file's id. */
export const inputImagePartSchema = z
  .strictObject({
    type: z.literal('input_image'),
    image_url: imageUrlSchema.nullable().optional(),
    file_id: z.string().nullable().optional(),
    /** Spec marks `detail` required; the API defaults it to `auto`, so it is optional here. */
    detail: imageDetailSchema.optional(),
    prompt_cache_breakpoint: promptCacheBreakpointSchema.optional(),
  })
  .check((ctx) => {
    if (ctx.value.image_url == null && ctx.value.file_id == null) {
      pushWireIssue(
        ctx,
        {
          code: 'missing_required_parameter',
          message: "Missing required parameter: '{param}'. An input_image needs an 'image_url' or a 'file_id'.",
        },
        ['image_url'],
      );
    }
  });

export const inputFilePartSchema = z.strictObject({
  type: z.literal('input_file'),
  file_id: z.string().nullable().optional(),
  filename: z.string().optional(),
  file_data: z.string().optional(),
  file_url: z.string().optional(),
  detail: z.enum(['auto', 'low', 'high']).optional(),
  prompt_cache_breakpoint: promptCacheBreakpointSchema.optional(),
});

/** Content of user, system and developer messages, and of function call outputs. */
export const inputContentPartSchema = z.discriminatedUnion('type', [
  inputTextPartSchema,
  inputImagePartSchema,
  inputFilePartSchema,
]);

export const outputTextPartSchema = z.strictObject({
  type: z.literal('output_text'),
  text: z.string(),
  // Echoed back from earlier responses; kept opaque because imagegate never reads them.
  annotations: z.array(z.looseObject({ type: z.string() })).optional(),
  logprobs: z.array(z.looseObject({ token: z.string(), logprob: z.number() })).optional(),
});

export const refusalPartSchema = z.strictObject({
  type: z.literal('refusal'),
  refusal: z.string(),
});

/** Content of assistant messages. */
export const outputContentPartSchema = z.discriminatedUnion('type', [outputTextPartSchema, refusalPartSchema]);

export type InputTextPart = z.infer<typeof inputTextPartSchema>;
export type InputImagePart = z.infer<typeof inputImagePartSchema>;
export type InputFilePart = z.infer<typeof inputFilePartSchema>;
export type InputContentPart = z.infer<typeof inputContentPartSchema>;
export type OutputTextPart = z.infer<typeof outputTextPartSchema>;
export type RefusalPart = z.infer<typeof refusalPartSchema>;
export type OutputContentPart = z.infer<typeof outputContentPartSchema>;
