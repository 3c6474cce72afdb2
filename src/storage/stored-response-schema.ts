import { z } from 'zod';
import { conformsTo } from '../responses/wire/conforms-to.ts';
import { type ConversationItem, conversationItemSchema } from '../responses/conversation/conversation-item.ts';

/** An output item as stored: every Response output item has a `type`; ours and OpenAI's have an id. */
export const storedOutputItemSchema = z.looseObject({ type: z.string(), id: z.string().optional() });

/**
 * A stored Response object: imagegate's own (responses/wire/response-object.ts) or, on a
 * passthrough route, OpenAI's with our `imagegate` block added. Only the fields every Response
 * carries, and those the server reads back, are typed; the rest is kept as it was answered.
 * No field is transformed, so a value that conforms is returned as read (key order included).
 */
export const storedResponseObjectSchema = z.looseObject({
  id: z.string(),
  object: z.literal('response'),
  /** Unix seconds; absent only on a passthrough response imagegate closed itself (its stream failed before upstream's). */
  created_at: z.number().optional(),
  status: z.string(),
  model: z.string().optional(),
  output: z.array(storedOutputItemSchema),
  usage: z.looseObject({ total_tokens: z.number().optional() }).nullable().optional(),
  imagegate: z
    .looseObject({
      images_generated: z.number().optional(),
      ignored_tool_calls: z.array(z.unknown()).optional(),
      cost: z.looseObject({ total_usd: z.number().nullable() }).optional(),
    })
    .optional(),
});

export type StoredOutputItem = z.infer<typeof storedOutputItemSchema>;
export type StoredResponseObject = z.infer<typeof storedResponseObjectSchema>;

/** A Response read back from storage, checked against the stored shape (a corrupt row throws). */
export function readStoredResponseObject(value: unknown, responseId: string): StoredResponseObject {
  if (!conformsTo(storedResponseObjectSchema, value)) throw new TypeError(`Stored response ${responseId} is not a Response object`);
  return value;
}

/** Input items read back from storage, each checked against the conversation item shapes (after rehydration: images are strings again). */
export function readStoredInputItems(value: unknown, responseId: string): ConversationItem[] {
  const items: readonly unknown[] = Array.isArray(value) ? value : [undefined];
  if (!items.every((item): item is ConversationItem => conformsTo(conversationItemSchema, item))) {
    throw new TypeError(`Stored input items of ${responseId} are not conversation items`);
  }
  return [...items];
}

/** A stored item list (input items or output) before its blobs are put back: read only for `type` and `id`. */
export function readStoredItemList(value: unknown, responseId: string): StoredOutputItem[] {
  const items: readonly unknown[] = Array.isArray(value) ? value : [undefined];
  if (!items.every((item): item is StoredOutputItem => conformsTo(storedOutputItemSchema, item))) {
    throw new TypeError(`Stored items of ${responseId} have no type`);
  }
  return [...items];
}

/** One stored input item, rehydrated. */
export function readStoredInputItem(value: unknown, responseId: string): ConversationItem {
  if (!conformsTo(conversationItemSchema, value)) throw new TypeError(`A stored input item of ${responseId} is not a conversation item`);
  return value;
}
