import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { BlobStore } from '../blob-store.ts';
import type { ResponseStore } from '../response-store.ts';
import { createKyselyResponseStore } from '../sql/kysely-response-store.ts';
import { migrateResponseStore } from '../sql/response-store-migrations.ts';
import type { StorageDatabase } from '../sql/storage-database.ts';

export interface SqliteResponseStoreOptions {
  /** Database file path, or `:memory:`. */
  file: string;
  blobStore: BlobStore;
  /** How long a writer waits for another process's lock before failing, in milliseconds. Default 5000. */
  busyTimeoutMillis?: number;
  /** Names each save's blob folder; for tests. */
  generateRevision?: () => string;
}

/**
 * Opens (creating and migrating as needed) a SQLite response store. This file holds every
 * SQLite-specific choice; the queries live in the dialect-neutral Kysely store.
 */
export async function createSqliteResponseStore(options: SqliteResponseStoreOptions): Promise<ResponseStore> {
  const database = new Database(options.file);
  try {
    // WAL lets readers run beside the writer; it is per file, so ':memory:' stays in 'memory' mode.
    database.pragma('journal_mode = WAL');
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMillis ?? 5000))}`);
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<StorageDatabase>({ dialect: new SqliteDialect({ database }) });
  try {
    await migrateResponseStore(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return createKyselyResponseStore({ db, blobStore: options.blobStore, generateRevision: options.generateRevision });
}
