import type { ConversationItem } from '../../responses/conversation/conversation-item.ts';
import type { ConversationObject, CreateConversationBody, ListConversationItemsQuery } from '../../responses/conversations/conversation-wire.ts';
import type { InputItem } from '../../responses/request/input-item-schema.ts';
import type { StoredConversation } from '../../storage/conversation-store.ts';
import { resolveReference } from '../load-history.ts';
import { normalizeInput } from '../normalize-input.ts';
import type { Principal, Services } from '../services.ts';
import { asConversationItem } from './as-conversation-item.ts';
import { conversationItemNotFound, conversationNotFound } from './conversation-errors.ts';

/** OpenAI's list envelope for conversation items. */
export interface ConversationItemList {
  object: 'list';
  data: ConversationItem[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/** Backs `/v1/conversations`: every call is scoped to the caller's key (another key's conversation is a 404). */
export function conversationService(services: Services) {
  const { conversations } = services;
  const owned = async (id: string, principal: Principal): Promise<StoredConversation> => {
    const conversation = await conversations.get(id, principal.keyId);
    if (conversation === undefined) throw conversationNotFound(id, 'conversation_id');
    return conversation;
  };

  return {
    async create(body: CreateConversationBody, principal: Principal): Promise<ConversationObject> {
      const items = await prepareItems(body.items ?? [], principal, services);
      const conversation: StoredConversation = {
        id: services.generateId('conv'),
        ownerId: principal.keyId,
        createdAt: Math.floor(services.now() / 1000),
        metadata: body.metadata ?? {},
      };
      await conversations.create(conversation, items);
      return toConversationObject(conversation);
    },

    async retrieve(id: string, principal: Principal): Promise<ConversationObject> {
      return toConversationObject(await owned(id, principal));
    },

    async update(id: string, metadata: Record<string, string>, principal: Principal): Promise<ConversationObject> {
      const updated = await conversations.updateMetadata(id, principal.keyId, metadata);
      if (updated === undefined) throw conversationNotFound(id, 'conversation_id');
      return toConversationObject(updated);
    },

    async delete(id: string, principal: Principal): Promise<{ id: string; object: 'conversation.deleted'; deleted: true }> {
      if (!(await conversations.delete(id, principal.keyId))) throw conversationNotFound(id, 'conversation_id');
      return { id, object: 'conversation.deleted', deleted: true };
    },

    async listItems(id: string, query: ListConversationItemsQuery, principal: Principal): Promise<ConversationItemList> {
      const page = await conversations.listItems(id, principal.keyId, { limit: query.limit ?? 20, order: query.order ?? 'desc', after: query.after });
      if (page === undefined) throw conversationNotFound(id, 'conversation_id');
      return toList(page.data, page.hasMore);
    },

    async addItems(id: string, raw: InputItem[], principal: Principal): Promise<ConversationItemList> {
      await owned(id, principal);
      const items = await prepareItems(raw, principal, services);
      if (!(await conversations.appendItems(id, principal.keyId, items))) throw conversationNotFound(id, 'conversation_id');
      return toList(items, false);
    },

    async retrieveItem(id: string, itemId: string, principal: Principal): Promise<ConversationItem> {
      const found = await conversations.getItem(id, principal.keyId, itemId);
      if (found === undefined) throw conversationNotFound(id, 'conversation_id');
      if (found.item === undefined) throw conversationItemNotFound(itemId);
      return found.item;
    },

    /** Answers the conversation, as OpenAI does. */
    async deleteItem(id: string, itemId: string, principal: Principal): Promise<ConversationObject> {
      const result = await conversations.deleteItem(id, principal.keyId, itemId);
      if (result === undefined) throw conversationNotFound(id, 'conversation_id');
      if (!result.deleted) throw conversationItemNotFound(itemId);
      return toConversationObject(await owned(id, principal));
    },
  };
}

export function toConversationObject(conversation: StoredConversation): ConversationObject {
  return { id: conversation.id, object: 'conversation', created_at: conversation.createdAt, metadata: conversation.metadata };
}

function toList(data: ConversationItem[], hasMore: boolean): ConversationItemList {
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: hasMore };
}

/** Ids assigned, string content expanded, references to stored responses' items replaced by those items. */
async function prepareItems(raw: InputItem[], principal: Principal, services: Services): Promise<ConversationItem[]> {
  const items: ConversationItem[] = [];
  for (const [index, item] of normalizeInput(raw, services.generateId).entries()) {
    const resolved = await resolveReference(services.store, item, principal.keyId, `items[${index}]`);
    if (resolved !== undefined) items.push(asConversationItem(resolved));
  }
  return items;
}
