import { migrateConversationStore } from '../sql/conversation-store-migrations.ts';
import { migrateAccountingStore } from '../sql/accounting-store-migrations.ts';
import { migrateInstanceStore } from '../sql/instance-migrations.ts';
import { assembleKyselyStores, type Stores, type StoresOptions } from '../sql/kysely-stores.ts';
import { migrateResponseStore } from '../sql/response-store-migrations.ts';
import { migrateOrDestroy } from './create-sqlite-response-store.ts';
import { openSqliteKysely, type SqliteConnectionOptions } from './open-sqlite-kysely.ts';

export interface SqliteStoresOptions extends SqliteConnectionOptions, StoresOptions {}

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
  const db = openSqliteKysely(options);
  await migrateOrDestroy(db, migrateResponseStore, migrateAccountingStore, migrateInstanceStore, migrateConversationStore);
  return assembleKyselyStores(db, 'single-statement', options);
}
