import { type ConversationItem, conversationItemSchema } from '../../responses/conversation/conversation-item.ts';
import type { ConversationReference } from '../../responses/request/response-options-schema.ts';
import { conformsTo } from '../../responses/wire/conforms-to.ts';
import { isItemReference, resolveReference } from '../load-history.ts';
import type { Services } from '../services.ts';
import { asConversationItem } from './as-conversation-item.ts';
import { conversationNotFound } from './conversation-errors.ts';

/** The conversation a response belongs to, as `prepareResponse` found it. */
export interface ResponseConversation {
  id: string;
  /** Ids of the items it held then: input items passed back again are not added twice. */
  itemIds: ReadonlySet<string>;
}

/** `"conv_1"` or `{id: "conv_1"}` → `conv_1`. */
export function conversationIdOf(reference: ConversationReference | null | undefined): string | undefined {
  if (reference == null) return undefined;
  return typeof reference === 'string' ? reference : reference.id;
}

/**
 * The conversation's items, oldest first: the history before this response's input, as
 * previous_response_id's chain would be. Another key's conversation is not found.
 */
export async function loadConversation(services: Pick<Services, 'conversations'>, id: string, ownerId: string | null): Promise<{ conversation: ResponseConversation; history: ConversationItem[] }> {
  const history = await services.conversations.allItems(id, ownerId);
  if (history === undefined) throw conversationNotFound(id, 'conversation');
  return { conversation: { id, itemIds: new Set(history.flatMap((item) => (item.id === undefined ? [] : [item.id]))) }, history };
}

/**
 * The conversation's own item that a reference (`item_reference`, or a bare
 * `{type: "image_generation_call", id}`) names, if it holds one: items added through
 * `/v1/conversations/{id}/items` belong to no response, so the response store cannot find them.
 */
export function findInConversation(history: readonly ConversationItem[], item: ConversationItem): ConversationItem | undefined {
  return isItemReference(item) ? history.find((candidate) => candidate.id === item.id && !isItemReference(candidate)) : undefined;
}

/** What a finished response adds to its conversation. */
export interface FinishedResponse {
  status: string;
  output: readonly unknown[];
}

/**
 * Appends the response's input items (references resolved) and then its output items to the
 * conversation, in one block, once the response completed (or ended incomplete, with output
 * worth keeping). A failed or cancelled response adds nothing, as on OpenAI.
 */
export async function appendResponseToConversation(
  services: Pick<Services, 'store' | 'conversations'>,
  conversation: ResponseConversation,
  ownerId: string | null,
  inputItems: readonly ConversationItem[],
  response: FinishedResponse,
): Promise<void> {
  if (response.status !== 'completed' && response.status !== 'incomplete') return;
  const items: ConversationItem[] = [];
  for (const item of inputItems) {
    if (item.id !== undefined && conversation.itemIds.has(item.id)) continue;
    const resolved = await resolveReference(services.store, item, ownerId, undefined);
    if (resolved !== undefined && !(resolved.id !== undefined && conversation.itemIds.has(resolved.id))) items.push(asConversationItem(resolved));
  }
  for (const item of response.output) {
    if (conformsTo(conversationItemSchema, item)) items.push(item);
  }
  // Deleted meanwhile: the response stands on its own, as a response whose previous one was deleted does.
  await services.conversations.appendItems(conversation.id, ownerId, items);
}
