import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DirectLedgerJournal } from '../sql/kysely-usage-store.ts';
import type { StorageDatabase } from '../sql/storage-database.ts';
import { ledgerFold, warnProblem, type OnProblem } from './ledger-fold.ts';
import { openLedgerJournal } from './ledger-journal.ts';
import { recoverLedgerJournals } from './ledger-journal-recovery.ts';
import type { OnQuery } from './sqlite-sync-side.ts';

export interface SqliteLedgerJournalOptions {
  /** See ledger-journal.ts (defaults there). */
  foldRows?: number;
  foldMillis?: number;
  /** Where fold and recovery problems go; default a process warning. */
  onProblem?: OnProblem;
  onQuery?: OnQuery;
}

/** Replays the journals of dead processes into the migrated database, then opens this process's own. */
export function openSqliteLedgerJournal(database: Database.Database, db: Kysely<StorageDatabase>, file: string, options: SqliteLedgerJournalOptions = {}): DirectLedgerJournal {
  const onProblem = options.onProblem ?? warnProblem;
  const fold = ledgerFold(database, db, file, onProblem, options.onQuery);
  recoverLedgerJournals(file, fold, onProblem);
  return openLedgerJournal({
    file,
    fold,
    onProblem,
    foldRows: options.foldRows,
    foldMillis: options.foldMillis,
    inTransaction: () => database.inTransaction,
    whenIdle: (body) => db.connection().execute(async () => body()),
  });
}
