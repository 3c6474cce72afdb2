import { randomBytes } from 'node:crypto';
import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { ConversationItem } from '../../responses/conversation/conversation-item.ts';
import { isBlobKeySegment } from '../blob-key.ts';
import { extractBlobs, parseBlobReferences, referencesUnder, rehydrateBlobs } from '../blob-references.ts';
import type { BlobStore } from '../blob-store.ts';
import type { ConversationStore, StoredConversation } from '../conversation-store.ts';
import { MissingBlobError } from '../missing-blob-error.ts';
import { readStoredInputItem } from '../stored-response-schema.ts';
import type { ConversationItemsTable, ConversationsTable } from './conversation-tables.ts';
import type { StorageDatabase } from './storage-database.ts';

export interface KyselyConversationStoreOptions {
  /** Already migrated (see `migrateConversationStore`); owned by the caller. */
  db: Kysely<StorageDatabase>;
  blobStore: BlobStore;
  /** Names each append's blob folders; must be a blob-key segment. Default: 16 random hex digits. */
  generateToken?: () => string;
}

/** Rows per multi-row insert: well under SQLite's and PostgreSQL's bound-parameter limits. */
const insertChunkRows = 100;

/**
 * The conversation store over any Kysely dialect. An append writes its blobs first (each item
 * in its own folder), then raises the conversation's `next_position` and inserts the items in
 * one transaction: concurrent appends queue on that update and get consecutive blocks. A failed
 * append removes its blobs; a crash leaves at worst orphan blobs, never a row without its blobs.
 */
export function createKyselyConversationStore(options: KyselyConversationStoreOptions): ConversationStore {
  const { db, blobStore } = options;
  const generateToken = options.generateToken ?? (() => randomBytes(8).toString('hex'));

  const ownedBy = (ownerId: string | null) => (eb: ExpressionBuilder<StorageDatabase, 'conversations'>) =>
    ownerId === null ? eb('conversations.owner_id', 'is', null) : eb('conversations.owner_id', '=', ownerId);

  const selectConversation = (id: string, ownerId: string | null) =>
    db.selectFrom('conversations').selectAll().where('id', '=', id).where(ownedBy(ownerId)).executeTakeFirst();

  const readItem = async (row: Pick<Selectable<ConversationItemsTable>, 'item_json' | 'blob_references_json' | 'conversation_id'>): Promise<ConversationItem> => {
    const item: unknown = JSON.parse(row.item_json);
    await rehydrateBlobs(item, parseBlobReferences(row.blob_references_json), async (key) => {
      const bytes = await blobStore.get(key);
      if (bytes === undefined) throw new MissingBlobError(key);
      return bytes;
    });
    return readStoredInputItem(item, row.conversation_id);
  };

  /** Item rows for `items` (positions come at insert), their blobs written under folders named by one token. */
  const prepareItems = async (conversationId: string, items: ConversationItem[]): Promise<Omit<ConversationItemsTable, 'position'>[]> => {
    const token = generateToken();
    const rows: Omit<ConversationItemsTable, 'position'>[] = [];
    const writes: Promise<void>[] = [];
    items.forEach((item, index) => {
      if (typeof item.id !== 'string' || item.id === '') throw new TypeError(`items[${index}] has no id; assign one before saving`);
      const folder = `conversations/${conversationId}/${token}-${index}/`;
      const extraction = extractBlobs({ item }, folder);
      writes.push(...extraction.blobs.map((blob) => blobStore.put(blob.key, blob.bytes, blob.contentType)));
      rows.push({
        conversation_id: conversationId,
        item_id: item.id,
        item_type: item.type,
        item_json: JSON.stringify(extraction.document.item),
        blob_folder: folder,
        blob_references_json: JSON.stringify(referencesUnder(extraction.references, ['item'])),
      });
    });
    const settled = await Promise.allSettled(writes);
    const failed = settled.find((write) => write.status === 'rejected');
    if (failed !== undefined) {
      await discardFolders(rows);
      throw failed.reason;
    }
    return rows;
  };

  const discardFolders = async (rows: ReadonlyArray<{ blob_folder: string }>): Promise<void> => {
    try {
      await Promise.all(rows.map((row) => blobStore.deletePrefix(row.blob_folder)));
    } catch {
      // Orphan blobs are harmless; the caller's own error matters more.
    }
  };

  /** Inserts the rows after raising `next_position`; `false` (nothing written) when the owner has no such conversation. */
  const appendRows = (id: string, ownerId: string | null, rows: Omit<ConversationItemsTable, 'position'>[]): Promise<boolean> =>
    db.transaction().execute(async (trx) => {
      // The first statement writes: on SQLite it takes the write lock before reading, on
      // PostgreSQL it locks the conversation row until commit, so appends queue here.
      const raised = await trx
        .updateTable('conversations')
        .set((eb) => ({ next_position: eb('next_position', '+', rows.length) }))
        .where('id', '=', id)
        .where(ownedBy(ownerId))
        .returning('next_position')
        .executeTakeFirst();
      if (raised === undefined) return false;
      const first = Number(raised.next_position) - rows.length;
      const positioned = rows.map((row, index) => ({ ...row, position: first + index }));
      for (let start = 0; start < positioned.length; start += insertChunkRows) {
        await trx.insertInto('conversation_items').values(positioned.slice(start, start + insertChunkRows)).execute();
      }
      return true;
    });

  const append = async (id: string, ownerId: string | null, items: ConversationItem[]): Promise<boolean> => {
    if (items.length === 0) return (await selectConversation(id, ownerId)) !== undefined;
    const rows = await prepareItems(id, items);
    try {
      const appended = await appendRows(id, ownerId, rows);
      if (!appended) await discardFolders(rows);
      return appended;
    } catch (error) {
      await discardUnlessLanded(id, rows);
      throw error;
    }
  };

  /** A commit can fail ambiguously: the blobs go only when the rows surely did not make it in. */
  const discardUnlessLanded = async (id: string, rows: ReadonlyArray<{ blob_folder: string }>): Promise<void> => {
    try {
      const landed = await db.selectFrom('conversation_items').select('position').where('conversation_id', '=', id).where('blob_folder', '=', rows[0]?.blob_folder ?? '').executeTakeFirst();
      if (landed === undefined) await discardFolders(rows);
    } catch {
      // Unknown state: orphan blobs are harmless, deleting blobs a row uses is not.
    }
  };

  const findItemRow = (id: string, itemId: string) =>
    db
      .selectFrom('conversation_items')
      .selectAll()
      .where('conversation_id', '=', id)
      .where('item_id', '=', itemId)
      .orderBy('position', 'asc')
      .limit(1)
      .executeTakeFirst();

  return {
    async create(conversation, items) {
      if (!isBlobKeySegment(conversation.id)) throw new TypeError(`Conversation id ${JSON.stringify(conversation.id)} is not a blob-key segment`);
      await db
        .insertInto('conversations')
        .values({
          id: conversation.id,
          owner_id: conversation.ownerId,
          created_at: conversation.createdAt,
          metadata_json: JSON.stringify(conversation.metadata),
          next_position: 0,
        })
        .execute();
      try {
        await append(conversation.id, conversation.ownerId, items);
      } catch (error) {
        await db.deleteFrom('conversations').where('id', '=', conversation.id).execute();
        throw error;
      }
    },

    async get(id, ownerId) {
      const row = await selectConversation(id, ownerId);
      return row === undefined ? undefined : toConversation(row);
    },

    async updateMetadata(id, ownerId, metadata) {
      const row = await db
        .updateTable('conversations')
        .set({ metadata_json: JSON.stringify(metadata) })
        .where('id', '=', id)
        .where(ownedBy(ownerId))
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? undefined : toConversation(row);
    },

    async delete(id, ownerId) {
      const deleted = await db.transaction().execute(async (trx) => {
        const result = await trx.deleteFrom('conversations').where('id', '=', id).where(ownedBy(ownerId)).executeTakeFirst();
        if (result.numDeletedRows === 0n) return false;
        await trx.deleteFrom('conversation_items').where('conversation_id', '=', id).execute();
        return true;
      });
      // Only ids that passed create's key check have rows, so the prefix is safe to build.
      if (deleted) await blobStore.deletePrefix(`conversations/${id}/`);
      return deleted;
    },

    appendItems: append,

    async listItems(id, ownerId, page) {
      if ((await selectConversation(id, ownerId)) === undefined) return undefined;
      let query = db.selectFrom('conversation_items').selectAll().where('conversation_id', '=', id);
      if (page.after !== undefined) {
        const cursor = await findItemRow(id, page.after);
        if (cursor === undefined) return { data: [], hasMore: false };
        query = query.where('position', page.order === 'asc' ? '>' : '<', cursor.position);
      }
      const rows = await query.orderBy('position', page.order).limit(page.limit + 1).execute();
      const data = await Promise.all(rows.slice(0, page.limit).map(readItem));
      return { data, hasMore: rows.length > page.limit };
    },

    async allItems(id, ownerId) {
      if ((await selectConversation(id, ownerId)) === undefined) return undefined;
      const rows = await db.selectFrom('conversation_items').selectAll().where('conversation_id', '=', id).orderBy('position', 'asc').execute();
      return Promise.all(rows.map(readItem));
    },

    async getItem(id, ownerId, itemId) {
      if ((await selectConversation(id, ownerId)) === undefined) return undefined;
      const row = await findItemRow(id, itemId);
      return { item: row === undefined ? undefined : await readItem(row) };
    },

    async deleteItem(id, ownerId, itemId) {
      if ((await selectConversation(id, ownerId)) === undefined) return undefined;
      const row = await findItemRow(id, itemId);
      if (row === undefined) return { deleted: false };
      const result = await db.deleteFrom('conversation_items').where('conversation_id', '=', id).where('position', '=', row.position).executeTakeFirst();
      if (result.numDeletedRows === 0n) return { deleted: false };
      await blobStore.deletePrefix(row.blob_folder);
      return { deleted: true };
    },
  };
}

function toConversation(row: Selectable<ConversationsTable>): StoredConversation {
  const metadata: unknown = JSON.parse(row.metadata_json);
  return { id: row.id, ownerId: row.owner_id, createdAt: Number(row.created_at), metadata: isStringRecord(metadata) ? metadata : {} };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((entry) => typeof entry === 'string');
}
