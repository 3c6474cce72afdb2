import { randomBytes } from 'node:crypto';
import type { UsageLedgerTable } from '../sql/storage-database.ts';
import { asLedgerRow } from '../sql/ledger-rows.ts';

/** Who writes a journal: a process, by pid and start time (process-identity.ts). */
export interface JournalOwner {
  pid: number;
  start: string;
}

const JOURNAL_NAME = /^\.ledger-(\d+)-(\d+)-[0-9a-f]+\.jsonl$/;

/** `<database file>.ledger-<pid>-<start>-<random>.jsonl`: one per open store bundle, beside the database. */
export function journalPath(databaseFile: string, owner: JournalOwner): string {
  return `${databaseFile}.ledger-${owner.pid}-${owner.start}-${randomBytes(6).toString('hex')}.jsonl`;
}

/** The owner a file name in the database's folder names, if it is a journal of `databaseBase` (the file's base name). */
export function journalOwner(databaseBase: string, name: string): JournalOwner | undefined {
  if (!name.startsWith(databaseBase)) return undefined;
  const match = JOURNAL_NAME.exec(name.slice(databaseBase.length));
  return match === null ? undefined : { pid: Number(match[1]), start: match[2] ?? '0' };
}

/** Where rows the database refused are kept (never replayed by itself: an operator's to look at). */
export function refusedRowsPath(databaseFile: string, owner: JournalOwner): string {
  return `${databaseFile}.ledger-refused-${owner.pid}-${randomBytes(6).toString('hex')}.jsonl`;
}

/** One row per line, each line ended by `\n`. */
export function journalLines(rows: readonly UsageLedgerTable[]): string {
  let text = '';
  for (const row of rows) text += `${JSON.stringify(row)}\n`;
  return text;
}

export interface JournalContent {
  rows: UsageLedgerTable[];
  /** The last line had no `\n`: a write cut short by a crash, never acknowledged. */
  torn: boolean;
  /** Complete lines that are not a ledger row. */
  unreadable: number;
}

export function readJournalText(text: string): JournalContent {
  const lines = text.split('\n');
  const last = lines.pop();
  const rows: UsageLedgerTable[] = [];
  let unreadable = 0;
  for (const line of lines) {
    let row: UsageLedgerTable | undefined;
    try {
      row = asLedgerRow(JSON.parse(line));
    } catch {
      row = undefined;
    }
    if (row === undefined) unreadable += 1;
    else rows.push(row);
  }
  return { rows, torn: last !== undefined && last !== '', unreadable };
}
