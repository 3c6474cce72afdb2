import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { SyncConnection } from '../sql/group-commit.ts';
import { oneRowInsertSql, oneRowParameters } from '../sql/ledger-rows.ts';
import type { SyncSide } from '../sql/kysely-stores.ts';
import type { ExecutedQuery } from '../sql/query-log.ts';
import type { StorageDatabase } from '../sql/storage-database.ts';

export type OnQuery = ((query: ExecutedQuery) => void) | undefined;

/** `sql` prepared once; `onQuery` sees each run as it sees Kysely's statements. */
export function preparedRun(database: Database.Database, sql: string, onQuery: OnQuery): (parameters: unknown[]) => void {
  const prepared = database.prepare(sql);
  return (parameters) => {
    onQuery?.({ sql, parameters });
    prepared.run(parameters);
  };
}

/** `database` (the handle under Kysely) as a group commit's {@link SyncConnection}. */
export function sqliteSyncConnection(database: Database.Database, onQuery?: OnQuery): SyncConnection {
  const begin = preparedRun(database, 'begin', onQuery);
  const commit = preparedRun(database, 'commit', onQuery);
  const rollback = preparedRun(database, 'rollback', onQuery);
  return {
    idle: () => !database.inTransaction,
    transaction(body) {
      begin([]);
      try {
        const result = body();
        commit([]);
        return result;
      } catch (error) {
        // A failed statement may have ended the transaction already (SQLite rolls back on some errors).
        if (database.inTransaction) rollback([]);
        throw error;
      }
    },
  };
}

/**
 * The connection under `db` (the same better-sqlite3 handle), driven synchronously for a
 * response's ledger row: at c=1 Kysely's path around that one insert (its connection mutex, the
 * driver's promises, the awaits between them) cost as much as the insert itself. Prepared once,
 * after the migrations.
 */
export function sqliteSyncSide(database: Database.Database, db: Kysely<StorageDatabase>, onQuery?: OnQuery): SyncSide {
  const insert = preparedRun(database, oneRowInsertSql(db), onQuery);
  return { connection: sqliteSyncConnection(database, onQuery), insertLedgerRow: (row) => insert(oneRowParameters(row)) };
}
