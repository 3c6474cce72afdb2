import { z } from 'zod';
import { imageSizeSchema } from './image-size.ts';
import { imageUrlSchema } from './image-url.ts';
import { UNSUPPORTED_TOOL_TYPES, unsupportedBranch } from './unsupported-branch.ts';
import { functionNamePattern, integerInRange, jsonObjectSchema, modelNameSchema, pushWireIssue } from './wire-primitives.ts';

/**
 * The hosted `image_generation` tool (OpenAI `ImageGenTool`). Defaults are not filled in here:
 * an absent field means "the tool's default", decided where images are generated.
 * There is no `n`: OpenAI answers `Unknown parameter: 'tools[0].n'.`, and so does the strict object.
 */
export const imageGenerationToolSchema = z
  .strictObject({
    type: z.literal('image_generation'),
    /** Image model id, e.g. `gpt-image-1.5`; any string, as in the spec. */
    model: modelNameSchema.optional(),
    quality: z.enum(['low', 'medium', 'high', 'auto']).optional(),
    /** `auto` or `WIDTHxHEIGHT` in pixels. */
    size: imageSizeSchema.optional(),
    output_format: z.enum(['png', 'webp', 'jpeg']).optional(),
    /** 0..100, percent. */
    output_compression: integerInRange(0, 100).optional(),
    moderation: z.enum(['auto', 'low']).optional(),
    background: z.enum(['transparent', 'opaque', 'auto']).optional(),
    input_fidelity: z.enum(['high', 'low']).nullable().optional(),
    input_image_mask: z
      .strictObject({ image_url: imageUrlSchema.optional(), file_id: z.string().optional() })
      .optional(),
    /** Partial images streamed before the final one, 0..3. */
    partial_images: integerInRange(0, 3).optional(),
    action: z.enum(['generate', 'edit', 'auto']).optional(),
  })
  .check((ctx) => {
    // Spec: "When using `transparent`, set the output format to `png` or `webp`."
    if (ctx.value.background === 'transparent' && ctx.value.output_format === 'jpeg') {
      pushWireIssue(
        ctx,
        {
          code: 'invalid_value',
          message:
            "Invalid value for '{param}': 'transparent' requires an output_format that supports transparency ('png' or 'webp'), but output_format is 'jpeg'.",
        },
        ['background'],
      );
    }
  });

/** A function the client runs (OpenAI `FunctionTool`). */
export const functionToolSchema = z.strictObject({
  type: z.literal('function'),
  name: z
    .string()
    .regex(functionNamePattern)
    .check((ctx) => {
      // Function calls and image_generation calls share the model's tool namespace.
      if (ctx.value === 'image_generation') {
        pushWireIssue(ctx, {
          code: 'invalid_value',
          message: "Invalid value for '{param}': 'image_generation' is the name of the built-in tool; choose another function name.",
        });
      }
    }),
  description: z.string().nullable().optional(),
  /** JSON Schema of the arguments. */
  parameters: jsonObjectSchema.nullable().optional(),
  strict: z.boolean().nullable().optional(),
  output_schema: jsonObjectSchema.nullable().optional(),
  defer_loading: z.boolean().optional(),
  allowed_callers: z.array(z.enum(['direct', 'programmatic'])).nullable().optional(),
});

const unsupportedToolSchema = unsupportedBranch(UNSUPPORTED_TOOL_TYPES, (type) => ({
  code: 'unsupported_tool',
  message: `Invalid value for '{param}': imagegate does not run the '${type}' tool; it runs only 'image_generation' and 'function' tools.`,
}));

/** One entry of `tools`. */
export const toolSchema = z.discriminatedUnion('type', [imageGenerationToolSchema, functionToolSchema, unsupportedToolSchema]);

export type ImageGenerationToolConfig = z.infer<typeof imageGenerationToolSchema>;
export type FunctionToolConfig = z.infer<typeof functionToolSchema>;
export type ToolConfig = z.infer<typeof toolSchema>;
