import type { Kysely } from 'kysely';
import type { BlobStore } from '../blob-store.ts';
import type { ResponseStore } from '../response-store.ts';
import { createGroupCommit } from '../sql/group-commit.ts';
import { createKyselyResponseStore } from '../sql/kysely-response-store.ts';
import { migrateResponseStore } from '../sql/response-store-migrations.ts';
import { openSqliteKysely, type SqliteConnectionOptions } from './open-sqlite-kysely.ts';

export interface SqliteResponseStoreOptions extends SqliteConnectionOptions {
  blobStore: BlobStore;
  /** Names each save's blob folder; for tests. */
  generateRevision?: () => string;
}

/**
 * Opens (creating and migrating as needed) a SQLite response store. The sqlite/ folder holds
 * every SQLite-specific choice; the queries live in the dialect-neutral Kysely store.
 * `createSqliteStores` opens it together with the accounting stores on one connection.
 */
export async function createSqliteResponseStore(options: SqliteResponseStoreOptions): Promise<ResponseStore> {
  const db = openSqliteKysely(options);
  await migrateOrDestroy(db, migrateResponseStore);
  return createKyselyResponseStore({ db, blobStore: options.blobStore, generateRevision: options.generateRevision, writes: createGroupCommit(db) });
}

/** Runs `migrate`, closing the connection if it fails. */
export async function migrateOrDestroy<Database>(db: Kysely<Database>, ...migrate: ((db: Kysely<unknown>) => Promise<void>)[]): Promise<void> {
  try {
    // Migrations build the schema the typed view describes, so they take the untyped view of the same connection.
    for (const step of migrate) await step(db as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
}
