import { appendFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { oneRowInsertOrIgnoreSql, oneRowParameters } from '../sql/ledger-rows.ts';
import type { StorageDatabase, UsageLedgerTable } from '../sql/storage-database.ts';
import { journalLines, refusedRowsPath } from './ledger-journal-files.ts';
import { thisProcess } from './process-identity.ts';
import { preparedRun, sqliteSyncConnection, type OnQuery } from './sqlite-sync-side.ts';

/** Writes journaled rows into usage_ledger in ONE transaction; throws (nothing written) when it cannot. */
export type FoldRows = (rows: readonly UsageLedgerTable[]) => void;

export type OnProblem = (message: string, error?: unknown) => void;

/** The row itself is refused (a constraint, a trigger): retrying would not help. Anything else (busy, I/O, full) fails the fold. */
const REFUSED_ROW = /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/;

/**
 * INSERT OR IGNORE by the row id, so rows replayed after a crash between a fold's COMMIT and
 * the journal's truncation are not written twice. A row the database refuses does not hold back
 * the others: it is kept aside in a file of its own (logged), before the COMMIT.
 */
export function ledgerFold(database: Database.Database, db: Kysely<StorageDatabase>, file: string, onProblem: OnProblem, onQuery?: OnQuery): FoldRows {
  const insert = preparedRun(database, oneRowInsertOrIgnoreSql(db), onQuery);
  const connection = sqliteSyncConnection(database, onQuery);
  return (rows) =>
    connection.transaction(() => {
      const refused: UsageLedgerTable[] = [];
      let firstError: unknown;
      for (const row of rows) {
        try {
          insert(oneRowParameters(row));
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          if (typeof code !== 'string' || !REFUSED_ROW.test(code) || !database.inTransaction) throw error;
          refused.push(row);
          firstError ??= error;
        }
      }
      if (refused.length === 0) return;
      const aside = refusedRowsPath(file, thisProcess);
      appendFileSync(aside, journalLines(refused));
      onProblem(`The database refused ${refused.length} ledger row(s); they are kept in ${aside}`, firstError);
    });
}

/** Problems are process warnings (Node prints them on stderr, with their type `ImagegateLedgerJournal`); nothing is dropped. */
export const warnProblem: OnProblem = (message, error) => {
  const detail = error === undefined ? '' : `: ${error instanceof Error ? error.message : String(error)}`;
  process.emitWarning(`${message}${detail}`, 'ImagegateLedgerJournal');
};
