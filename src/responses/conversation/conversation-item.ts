import { z } from 'zod';

/*
 * Items as stored and replayed: the request's input items normalized (ids assigned, string
 * content expanded; see service/normalize-input.ts) and the output items of earlier responses.
 * The edge (responses/request/input-item-schema.ts) has validated every field already; these
 * schemas describe what the core reads, so a stored item can be checked again cheaply on read
 * (plain strings, no URL or size checks). Loose objects: fields the core never reads (status,
 * annotations, phase…) are kept as they were sent.
 */

const inputTextPartSchema = z.looseObject({ type: z.literal('input_text'), text: z.string() });
const inputImagePartSchema = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().nullable().optional(),
  file_id: z.string().nullable().optional(),
  detail: z.string().optional(),
});
const inputFilePartSchema = z.looseObject({ type: z.literal('input_file') });
const conversationInputPartSchema = z.discriminatedUnion('type', [inputTextPartSchema, inputImagePartSchema, inputFilePartSchema]);

const outputTextPartSchema = z.looseObject({ type: z.literal('output_text'), text: z.string() });
const refusalPartSchema = z.looseObject({ type: z.literal('refusal'), refusal: z.string() });
const conversationOutputPartSchema = z.discriminatedUnion('type', [outputTextPartSchema, refusalPartSchema]);

const instructionMessageSchema = z.looseObject({
  type: z.literal('message'),
  id: z.string(),
  role: z.enum(['user', 'system', 'developer']),
  content: z.array(conversationInputPartSchema),
});
const assistantMessageSchema = z.looseObject({
  type: z.literal('message'),
  id: z.string(),
  role: z.literal('assistant'),
  content: z.array(conversationOutputPartSchema),
});
const functionCallSchema = z.looseObject({ type: z.literal('function_call'), id: z.string(), call_id: z.string(), name: z.string(), arguments: z.string() });
const functionCallOutputSchema = z.looseObject({
  type: z.literal('function_call_output'),
  id: z.string(),
  call_id: z.string(),
  output: z.union([z.string(), z.array(conversationInputPartSchema)]),
});
const imageGenerationCallSchema = z.looseObject({
  type: z.literal('image_generation_call'),
  id: z.string(),
  /** Base64 image bytes; absent or null on a bare reference. */
  result: z.string().nullable().optional(),
  output_format: z.string().optional(),
  revised_prompt: z.string().nullable().optional(),
});
const itemReferenceSchema = z.looseObject({ type: z.literal('item_reference'), id: z.string() });
const reasoningSchema = z.looseObject({ type: z.literal('reasoning'), id: z.string() });
/** A compaction item: its sealed content is opened (and checked) when it is replayed. */
const compactionSchema = z.looseObject({ type: z.literal('compaction'), id: z.string(), encrypted_content: z.string() });

/** One conversation item: every kind the core stores, resolves or replays, each with its id. */
export const conversationItemSchema = z.discriminatedUnion('type', [
  z.discriminatedUnion('role', [instructionMessageSchema, assistantMessageSchema]),
  functionCallSchema,
  functionCallOutputSchema,
  imageGenerationCallSchema,
  itemReferenceSchema,
  reasoningSchema,
  compactionSchema,
]);

export type ConversationItem = z.infer<typeof conversationItemSchema>;
