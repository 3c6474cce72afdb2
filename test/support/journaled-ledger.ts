import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { journalOwner, readJournalText } from '../../src/storage/sqlite/ledger-journal-files.ts';

/**
 * On `database` (any connection, read-only included), `usage_ledger` as it is once every ledger
 * journal beside `file` is folded: a TEMP table of that name, which unqualified SQL reads instead
 * of the real one. A server's rows reach the file within its fold interval; a test reading the
 * file right after an answer sees them all this way, as the server's own reads do.
 */
export function viewJournaledLedger(database: Database.Database, file: string): void {
  const folder = dirname(file);
  const base = basename(file);
  const rows = readdirSync(folder)
    .filter((name) => journalOwner(base, name) !== undefined)
    .flatMap((name) => readJournalText(readFileSync(join(folder, name), 'utf8')).rows);
  if (rows.length === 0) return;
  database.exec('create temp table usage_ledger as select * from main.usage_ledger');
  const columns = Object.keys(rows[0] ?? {});
  const insert = database.prepare(
    `insert into temp.usage_ledger (${columns.join(', ')}) select ${columns.map((column) => `@${column}`).join(', ')} where not exists (select 1 from temp.usage_ledger where id = @id)`,
  );
  for (const row of rows) insert.run(row);
}
