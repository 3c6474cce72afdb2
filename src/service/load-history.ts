import { notFound } from '../errors/api-error.ts';
import { type ConversationItem, conversationItemSchema } from '../responses/conversation/conversation-item.ts';
import { conformsTo } from '../responses/wire/conforms-to.ts';
import type { ResponseStore, StoredResponse } from '../storage/response-store.ts';

/** Longest previous_response_id chain we follow; deeper chains are cut at the oldest end. */
const MAX_CHAIN_LENGTH = 1000;

/** One response of a chain, as far as its history is concerned. */
export interface HistoryLink {
  previousResponseId: string | null;
  inputItems: ConversationItem[];
  output: ReadonlyArray<unknown>;
}

/**
 * Responses the caller holds outside the store, looked up before it: a WebSocket connection's
 * `store: false` turns, which the spec lets continue on that connection only.
 */
export interface LocalResponses {
  /** A response by id, for `previous_response_id`. */
  response(id: string): HistoryLink | undefined;
  /** One of their items (input or output) by id, for `item_reference` and bare image references. */
  item(id: string): unknown;
}

/**
 * Walks the previous_response_id chain (owner-scoped: another key's response is "not found")
 * and returns its items oldest first: each response's input items, then its output.
 */
export async function loadHistory(
  store: ResponseStore,
  previousResponseId: string,
  ownerId: string | null,
  localResponses?: LocalResponses,
): Promise<ConversationItem[]> {
  const chain: HistoryLink[] = [];
  let id: string | null = previousResponseId;
  while (id !== null && chain.length < MAX_CHAIN_LENGTH) {
    const link: HistoryLink | undefined = localResponses?.response(id) ?? toLink(await store.get(id, ownerId));
    if (!link) {
      if (chain.length === 0) {
        throw notFound(`Previous response with id '${previousResponseId}' not found.`, 'previous_response_id', 'previous_response_not_found');
      }
      break; // an older link was deleted: continue from what remains
    }
    chain.push(link);
    id = link.previousResponseId;
  }
  return chain.reverse().flatMap((link) => [...link.inputItems, ...link.output.filter(isConversationItem)]);
}

function toLink(record: StoredResponse | undefined): HistoryLink | undefined {
  return record && { previousResponseId: record.previousResponseId, inputItems: record.inputItems, output: record.response.output };
}

/** An item that only names a stored one: an `item_reference`, or an image call without its result. */
export function isItemReference(item: ConversationItem): boolean {
  return item.type === 'item_reference' || (item.type === 'image_generation_call' && typeof item.result !== 'string');
}

/**
 * Replaces `item_reference` items and bare `{type:'image_generation_call', id}` references
 * with the stored items they name.
 */
export async function resolveReference(
  store: ResponseStore,
  item: ConversationItem,
  ownerId: string | null,
  param: string | undefined,
  localResponses?: LocalResponses,
): Promise<ConversationItem | undefined> {
  if (!isItemReference(item)) return item;
  const found: unknown = localResponses?.item(item.id) ?? (await store.findItem(item.id, ownerId))?.item;
  if (found === undefined) {
    if (param === undefined) return undefined; // history: the referenced response was deleted since
    throw notFound(`Item with id '${item.id}' not found.`, `${param}.id`, 'item_not_found');
  }
  // An item of a kind the loop does not replay (a passthrough response's web search, say) adds nothing.
  return isConversationItem(found) ? found : undefined;
}

/** Output items the loop replays; others (only OpenAI's own, from passthrough responses) carry nothing a model step needs. */
function isConversationItem(item: unknown): item is ConversationItem {
  return conformsTo(conversationItemSchema, item);
}
