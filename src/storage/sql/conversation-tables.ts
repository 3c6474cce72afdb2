/** Kysely's view of the conversation store's tables (conversation-store-migrations.ts). */
export interface ConversationTables {
  conversations: ConversationsTable;
  conversation_items: ConversationItemsTable;
}

export interface ConversationsTable {
  id: string;
  owner_id: string | null;
  /** Unix seconds. PostgreSQL drivers may hand bigint back as a string; readers use Number(). */
  created_at: number;
  metadata_json: string;
  /**
   * The position the next added item takes. Every append raises it first, in its transaction:
   * that update serializes appends to one conversation (a row lock on PostgreSQL) and hands each
   * append its own block of positions. Never lowered, so positions are never reused.
   */
  next_position: number;
}

export interface ConversationItemsTable {
  conversation_id: string;
  position: number;
  item_id: string;
  /** The item's `type`, e.g. `image_generation_call`. */
  item_type: string;
  /** The item with images replaced by `{"$blob": key}` markers. */
  item_json: string;
  /** Every blob of this item lives under it (`conversations/<id>/<append>-<index>/`). */
  blob_folder: string;
  /** JSON array of `BlobReference` (blob-references.ts), paths rooted at the item. */
  blob_references_json: string;
}
