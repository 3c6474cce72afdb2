import { z } from 'zod';
import { invalidRequest } from '../../errors/api-error.ts';
import { inputItemSchema } from '../request/input-item-schema.ts';
import { metadataSchema } from '../request/metadata-schema.ts';
import { includableSchema } from '../request/response-options-schema.ts';
import { integerInRange } from '../request/wire-primitives.ts';
import { zodIssueToApiError } from '../request/zod-issue-to-api-error.ts';

/** Spec: "You may add up to 20 items at a time" (create and items create). */
export const MAX_ITEMS_PER_CALL = 20;

const itemsSchema = z.array(inputItemSchema).max(MAX_ITEMS_PER_CALL);

/** `POST /v1/conversations` (CreateConversationBody). */
export const createConversationBodySchema = z.strictObject({
  metadata: metadataSchema.nullable().optional(),
  items: itemsSchema.nullable().optional(),
});

/** `POST /v1/conversations/{id}` (UpdateConversationBody): `metadata` is required. */
export const updateConversationBodySchema = z.strictObject({ metadata: metadataSchema.nullable() });

/** `POST /v1/conversations/{id}/items`: `items` is required. */
export const createConversationItemsBodySchema = z.strictObject({ items: itemsSchema });

/** Query of `GET /v1/conversations/{id}/items` as the route hands it over (numbers parsed, repeated keys as arrays). */
export const listConversationItemsQuerySchema = z.strictObject({
  limit: integerInRange(1, 100).optional(),
  order: z.enum(['asc', 'desc']).optional(),
  after: z.string().min(1).optional(),
  include: z.array(includableSchema).optional(),
});

/** The `include` query of the item routes, which accept nothing else. */
export const includeQuerySchema = listConversationItemsQuerySchema.pick({ include: true });

export type CreateConversationBody = z.infer<typeof createConversationBodySchema>;
export type UpdateConversationBody = z.infer<typeof updateConversationBodySchema>;
export type CreateConversationItemsBody = z.infer<typeof createConversationItemsBodySchema>;
export type ListConversationItemsQuery = z.infer<typeof listConversationItemsQuerySchema>;

/** Parses a body or query with one of the schemas above; a 400 naming the first offending parameter otherwise. */
export function parseConversationWire<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw invalidRequest('Invalid request.', null, 'invalid_value');
  throw zodIssueToApiError(issue, value);
}

/** The Conversation object (ConversationResource). */
export interface ConversationObject {
  id: string;
  object: 'conversation';
  created_at: number;
  metadata: Record<string, string>;
}
