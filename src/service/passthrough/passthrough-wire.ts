import { z } from 'zod';
import { conformsTo } from '../../responses/wire/conforms-to.ts';
import { storedOutputItemSchema, storedResponseObjectSchema } from '../../storage/stored-response-schema.ts';

/*
 * What imagegate reads of OpenAI's Responses stream on a passthrough route. Upstream JSON is
 * relayed and stored as sent; these loose schemas check and type only the fields read, in place
 * (conformsTo keeps the value itself, so nothing relayed is rebuilt or reordered).
 */

/** One upstream event, relayed unchanged. */
export type PassthroughEvent = Record<string, unknown>;

const passthroughItemSchema = storedOutputItemSchema.extend({
  status: z.string().optional(),
  quality: z.string().optional(),
  size: z.string().optional(),
});

const usageSchema = z.looseObject({
  input_tokens: z.number().optional(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number().optional() }).nullable().optional(),
  output_tokens: z.number().optional(),
});

/** `tool_usage.image_gen` as reported on Responses with hosted image calls (sub2api#1999). */
const imageGenUsageSchema = z.looseObject({
  input_tokens: z.number().optional(),
  input_tokens_details: z.looseObject({ text_tokens: z.number().optional(), image_tokens: z.number().optional() }).optional(),
  output_tokens: z.number().optional(),
});

const passthroughResponseSchema = storedResponseObjectSchema.extend({
  output: z.array(passthroughItemSchema),
  usage: usageSchema.nullable().optional(),
  tool_usage: z.looseObject({ image_gen: imageGenUsageSchema.optional() }).nullable().optional(),
});

/** The stream cut at a limit names the image call it dropped (our provider adds this block). */
const cutInfoSchema = z.looseObject({ dropped_image_call: z.looseObject({ id: z.string().optional() }).optional() });

export type PassthroughItem = z.infer<typeof passthroughItemSchema>;
export type PassthroughResponse = z.infer<typeof passthroughResponseSchema>;
export type ImageGenUsage = z.infer<typeof imageGenUsageSchema>;

/** The item an `output_item.*` event carries, when it has the shape of one. */
export function eventItem(event: PassthroughEvent): PassthroughItem | undefined {
  const item = event['item'];
  return conformsTo(passthroughItemSchema, item) ? item : undefined;
}

/** The Response a terminal event carries, when it has the shape of one. */
export function eventResponse(event: PassthroughEvent): PassthroughResponse | undefined {
  const response = event['response'];
  return conformsTo(passthroughResponseSchema, response) ? response : undefined;
}

/** The id of the image call a cut stream dropped. */
export function droppedImageCallId(event: PassthroughEvent): string | undefined {
  const info = event['imagegate'];
  return conformsTo(cutInfoSchema, info) ? info.dropped_image_call?.id : undefined;
}
