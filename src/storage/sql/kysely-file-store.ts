import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { BlobStore } from '../blob-store.ts';
import { type FileStore, type StoredFile, fileBlobFolder } from '../file-store.ts';
import type { FilesTable, StorageDatabase } from './storage-database.ts';

export interface KyselyFileStoreOptions {
  /** Already migrated (see `migrateFileStore`); owned by the caller. */
  db: Kysely<StorageDatabase>;
  blobStore: BlobStore;
  /** Unix milliseconds, for expiry. Default `Date.now`. */
  now?: () => number;
}

/** Expired files removed per write; the rest go on the next one. */
const purgeBatch = 100;
const contentKey = (id: string) => `${fileBlobFolder(id)}content`;

/** The file store over any Kysely dialect: metadata in `files`, bytes in the blob store. */
export function createKyselyFileStore(options: KyselyFileStoreOptions): FileStore {
  const { db, blobStore } = options;
  const now = options.now ?? Date.now;

  const owned = (ownerId: string | null) => (eb: ExpressionBuilder<StorageDatabase, 'files'>) =>
    ownerId === null ? eb('owner_id', 'is', null) : eb('owner_id', '=', ownerId);
  const live = (at: number) => (eb: ExpressionBuilder<StorageDatabase, 'files'>) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', at)]);

  const selectLive = (id: string, ownerId: string | null) =>
    db.selectFrom('files').selectAll().where('id', '=', id).where(owned(ownerId)).where(live(now())).executeTakeFirst();

  /** Expired rows go first, then their bytes: a crash in between leaves orphan bytes only. */
  const purgeExpired = async (): Promise<void> => {
    const expired = await db.selectFrom('files').select('id').where('expires_at', '<=', now()).limit(purgeBatch).execute();
    if (expired.length === 0) return;
    const ids = expired.map((row) => row.id);
    await db.deleteFrom('files').where('id', 'in', ids).execute();
    for (const id of ids) await blobStore.deletePrefix(fileBlobFolder(id));
  };

  return {
    async create(file, content) {
      await purgeExpired();
      await blobStore.put(contentKey(file.id), content, file.contentType);
      await db
        .insertInto('files')
        .values({
          id: file.id,
          owner_id: file.ownerId,
          filename: file.filename,
          purpose: file.purpose,
          bytes: file.bytes,
          content_type: file.contentType,
          created_at: file.createdAtMillis,
          expires_at: file.expiresAtMillis,
        })
        .execute();
    },

    async get(id, ownerId) {
      const row = await selectLive(id, ownerId);
      return row === undefined ? undefined : fromRow(row);
    },

    async read(id, ownerId) {
      const row = await selectLive(id, ownerId);
      if (row === undefined) return undefined;
      const content = await blobStore.get(contentKey(id));
      if (content === undefined) throw new Error(`The bytes of file ${id} are missing from the blob store`);
      return { file: fromRow(row), content };
    },

    async list(ownerId, { purpose, limit, order, after }) {
      const at = now();
      let query = db.selectFrom('files').selectAll().where(owned(ownerId)).where(live(at));
      if (purpose !== undefined) query = query.where('purpose', '=', purpose);
      if (after !== undefined) {
        const cursor = await selectLive(after, ownerId);
        if (cursor === undefined) return { data: [], hasMore: false };
        const createdAt = Number(cursor.created_at);
        const beyond = order === 'asc' ? '>' : '<';
        query = query.where((eb) =>
          eb.or([eb('created_at', beyond, createdAt), eb.and([eb('created_at', '=', createdAt), eb('id', beyond, cursor.id)])]),
        );
      }
      const rows = await query.orderBy('created_at', order).orderBy('id', order).limit(limit + 1).execute();
      return { data: rows.slice(0, limit).map(fromRow), hasMore: rows.length > limit };
    },

    async delete(id, ownerId) {
      const result = await db.deleteFrom('files').where('id', '=', id).where(owned(ownerId)).where(live(now())).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) return false;
      await blobStore.deletePrefix(fileBlobFolder(id));
      await purgeExpired();
      return true;
    },
  };
}

function fromRow(row: Selectable<FilesTable>): StoredFile {
  return {
    id: row.id,
    ownerId: row.owner_id,
    filename: row.filename,
    purpose: row.purpose,
    // PostgreSQL drivers hand bigint back as strings.
    bytes: Number(row.bytes),
    contentType: row.content_type,
    createdAtMillis: Number(row.created_at),
    expiresAtMillis: row.expires_at === null ? null : Number(row.expires_at),
  };
}
