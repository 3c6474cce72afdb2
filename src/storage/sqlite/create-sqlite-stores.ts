import { migrateConversationStore } from '../sql/conversation-store-migrations.ts';
import { migrateAccountingStore } from '../sql/accounting-store-migrations.ts';
import { migrateInstanceStore } from '../sql/instance-migrations.ts';
import { migrateFileStore } from '../sql/file-store-migrations.ts';
import { assembleKyselyStores, type Stores, type StoresOptions } from '../sql/kysely-stores.ts';
import { migrateResponseEventLog } from '../sql/response-event-migrations.ts';
import { migrateResponseStore } from '../sql/response-store-migrations.ts';
import { migrateOrDestroy } from './create-sqlite-response-store.ts';
import { openSqliteDatabase, sqliteKysely, type SqliteConnectionOptions } from './open-sqlite-kysely.ts';
import { openSqliteLedgerJournal, type SqliteLedgerJournalOptions } from './open-ledger-journal.ts';
import { sqliteSyncSide } from './sqlite-sync-side.ts';
import { startWalCheckpointer, type WalCheckpointOptions } from './wal-checkpointer.ts';

export interface SqliteStoresOptions extends SqliteConnectionOptions, StoresOptions {
  /** WAL checkpoints in a worker thread (wal-checkpointer.ts), tuned; `false`: after commits, on the event loop, as SQLite does by default. */
  walCheckpoints?: WalCheckpointOptions | false;
  /**
   * Ledger rows without a reservation go to a journal file beside the database, folded into
   * usage_ledger in batches (ledger-journal.ts); `false`: each through the group commit, as on
   * `:memory:` databases.
   */
  ledgerJournal?: SqliteLedgerJournalOptions | false;
}

/** Every store of one server, sharing one connection. */
export type SqliteStores = Stores;

/**
 * Opens (creating and migrating as needed) all stores on ONE better-sqlite3 connection, with
 * budgets in `single-statement` mode (see kysely-budget-store.ts). Several processes may open
 * the same file; budgets hold across them.
 *
 * Open one connection per file per process — this bundle, not this plus
 * `createSqliteResponseStore`. better-sqlite3 waits for locks synchronously: a write on a
 * second connection, arriving while the first is between the statements of a transaction,
 * blocks the event loop that would finish that transaction — a stall of `busy_timeout`, then
 * "database is locked". On one connection Kysely's mutex simply queues the transactions.
 */
export async function createSqliteStores(options: SqliteStoresOptions): Promise<SqliteStores> {
  if (options.pepper.length === 0) throw new TypeError('The key pepper must not be empty');
  const database = openSqliteDatabase(options);
  const db = sqliteKysely(database, options);
  await migrateOrDestroy(db, migrateResponseStore, migrateAccountingStore, migrateInstanceStore, migrateConversationStore, migrateResponseEventLog, migrateFileStore);
  let journal;
  try {
    journal = options.ledgerJournal === false || database.memory ? undefined : openSqliteLedgerJournal(database, db, options.file, { ...options.ledgerJournal, onQuery: options.onQuery });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const stores = assembleKyselyStores(db, 'single-statement', options, 'transaction', { ...sqliteSyncSide(database, db, options.onQuery), journal });
  if (options.walCheckpoints === false || database.memory) return stores;
  const checkpointer = startWalCheckpointer(database, options.file, options.walCheckpoints);
  // The server's connection closes first: the thread's, closing last, checkpoints what is left and removes the WAL.
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= stores.close().finally(() => checkpointer.close()));
  return { ...stores, responses: { ...stores.responses, close }, close };
}
