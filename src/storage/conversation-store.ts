import type { ConversationItem } from '../responses/conversation/conversation-item.ts';

/** A conversation's own fields; its items are read and written apart (they can be many). */
export interface StoredConversation {
  /** `conv_…`; also a blob-key segment, so only `[A-Za-z0-9_-]` (plus inner dots) is accepted. */
  id: string;
  /** The tenant that created it; `null` when the server runs without tenants. */
  ownerId: string | null;
  /** Unix time in seconds. */
  createdAt: number;
  metadata: Record<string, string>;
}

export interface ConversationItemsPageOptions {
  /** Item id; the page starts right after it (in `order`). An id not in the conversation gives an empty page. */
  after?: string;
  /** Most items returned; the caller validates the range (OpenAI allows 1–100). */
  limit: number;
  /** `asc` is the order the items were added in. */
  order: 'asc' | 'desc';
}

export interface ConversationItemsPage {
  data: ConversationItem[];
  /** Whether items remain past the page in the direction of travel. */
  hasMore: boolean;
}

/**
 * Conversations and their items, isolated by owner like responses: every call takes the
 * caller's owner id and sees only that owner's conversations (`null` matches only `null`).
 * Items keep the order they were added in; images live in the blob store, never in rows.
 * Item calls answer `undefined` when the owner has no such conversation.
 */
export interface ConversationStore {
  /** Creates the conversation with its first items (each with a string `id`). */
  create(conversation: StoredConversation, items: ConversationItem[]): Promise<void>;
  get(id: string, ownerId: string | null): Promise<StoredConversation | undefined>;
  /** Replaces the metadata; the updated conversation. */
  updateMetadata(id: string, ownerId: string | null, metadata: Record<string, string>): Promise<StoredConversation | undefined>;
  /** Removes the conversation, its items and their blobs; `false` when the owner has no such conversation. */
  delete(id: string, ownerId: string | null): Promise<boolean>;
  /**
   * Adds items at the end, as one block: appends that run at once (two responses on one
   * conversation) each land whole, one after the other, none lost. `false` when the owner has
   * no such conversation.
   */
  appendItems(id: string, ownerId: string | null, items: ConversationItem[]): Promise<boolean>;
  listItems(id: string, ownerId: string | null, options: ConversationItemsPageOptions): Promise<ConversationItemsPage | undefined>;
  /** Every item, oldest first: the history a response on this conversation continues. */
  allItems(id: string, ownerId: string | null): Promise<ConversationItem[] | undefined>;
  /** `item` is `undefined` when the conversation has no item with that id. */
  getItem(id: string, ownerId: string | null, itemId: string): Promise<{ item: ConversationItem | undefined } | undefined>;
  /** Removes the item and its blobs; `deleted: false` when the conversation has no such item. */
  deleteItem(id: string, ownerId: string | null, itemId: string): Promise<{ deleted: boolean } | undefined>;
}
