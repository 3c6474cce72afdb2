import type { BlobStore } from '../blob-store.ts';
import type { BudgetStore } from '../budget-store.ts';
import type { KeyStore } from '../key-store.ts';
import type { ResponseStore } from '../response-store.ts';
import type { AccountingIdGenerator } from '../sql/accounting-ids.ts';
import { migrateAccountingStore } from '../sql/accounting-store-migrations.ts';
import { createKyselyBudgetStore } from '../sql/kysely-budget-store.ts';
import { createKyselyKeyStore } from '../sql/kysely-key-store.ts';
import { createKyselyResponseStore } from '../sql/kysely-response-store.ts';
import { createKyselyUsageStore } from '../sql/kysely-usage-store.ts';
import { migrateResponseStore } from '../sql/response-store-migrations.ts';
import type { UsageStore } from '../usage-store.ts';
import { migrateOrDestroy } from './create-sqlite-response-store.ts';
import { openSqliteKysely, type SqliteConnectionOptions } from './open-sqlite-kysely.ts';

export interface SqliteStoresOptions extends SqliteConnectionOptions {
  blobStore: BlobStore;
  /** Server-wide secret for API key hashes; keep it out of the database (config or env), and stable. */
  pepper: string | Uint8Array;
  /** Unix milliseconds, for key creation/revocation and settle/release stamps. Default `Date.now`. */
  now?: () => number;
  /** For tests. */
  generateRevision?: () => string;
  generateId?: AccountingIdGenerator;
}

/** Every store of one server, sharing one connection. */
export interface SqliteStores {
  /** Its `close()` closes all of them, like the bundle's. */
  responses: ResponseStore;
  keys: KeyStore;
  budgets: BudgetStore;
  usage: UsageStore;
  /** Closes the shared connection; safe to call more than once. */
  close(): Promise<void>;
}

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
  await migrateOrDestroy(db, migrateResponseStore, migrateAccountingStore);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= db.destroy());
  const { now, generateId } = options;
  const keys = createKyselyKeyStore({ db, pepper: options.pepper, now, generateId });
  const responses = createKyselyResponseStore({ db, blobStore: options.blobStore, generateRevision: options.generateRevision });
  return {
    responses: { ...responses, close },
    keys,
    budgets: createKyselyBudgetStore({ db, serialization: 'single-statement', now, generateId }),
    usage: createKyselyUsageStore({ db, generateId }),
    close,
  };
}
