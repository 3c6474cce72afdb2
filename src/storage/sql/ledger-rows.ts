import { CompiledQuery, type Kysely } from 'kysely';
import type { LedgerEntry } from '../usage-store.ts';
import type { AccountingIdGenerator } from './accounting-ids.ts';
import type { StorageDatabase, UsageLedgerTable } from './storage-database.ts';

/** Rows per multi-row insert: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const insertChunkRows = 200;

/** Column order of the one-row insert below: its SQL and its parameters are built from this list. */
const COLUMNS = [
  'id',
  'key_id',
  'response_id',
  'reservation_id',
  'model',
  'kind',
  'input_tokens',
  'cached_input_tokens',
  'output_tokens',
  'images',
  'cost_micros',
  'basis',
  'created_at',
] as const satisfies ReadonlyArray<keyof UsageLedgerTable>;
/** Fails to compile when the table gains a column this list does not write. */
const everyColumnListed: Exclude<keyof UsageLedgerTable, (typeof COLUMNS)[number]> extends never ? true : never = true;
void everyColumnListed;

/**
 * The one-row INSERT's SQL per dialect (keyed by the query adapter, which a transaction shares
 * with its database). Most responses write one ledger row; building and compiling the same
 * insert through Kysely's query builder each time was half of that write's CPU.
 */
const oneRowSql = new WeakMap<object, string>();

export function oneRowInsertSql(db: Kysely<StorageDatabase>): string {
  const adapter = db.getExecutor().adapter;
  let text = oneRowSql.get(adapter);
  if (text === undefined) {
    const sample = Object.fromEntries(COLUMNS.map((column) => [column, null])) as unknown as UsageLedgerTable;
    text = db.insertInto('usage_ledger').values(sample).compile().sql;
    oneRowSql.set(adapter, text);
  }
  return text;
}

/**
 * SQLite: the same one-row insert, skipping a row whose id is already there, for replaying rows
 * that may have been written before (the ledger journal, src/storage/sqlite/ledger-journal.ts).
 */
export function oneRowInsertOrIgnoreSql(db: Kysely<StorageDatabase>): string {
  const sample = Object.fromEntries(COLUMNS.map((column) => [column, null])) as unknown as UsageLedgerTable;
  return db.insertInto('usage_ledger').orIgnore().values(sample).compile().sql;
}

/** `value` as a row (every column present, nothing else), or undefined: a journal line read back. */
export function asLedgerRow(value: unknown): UsageLedgerTable | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== COLUMNS.length || !COLUMNS.every((column) => Object.hasOwn(value, column))) return undefined;
  return value as UsageLedgerTable;
}

/** The parameters of {@link oneRowInsertSql} for `row`, in its column order. */
export function oneRowParameters(row: UsageLedgerTable): unknown[] {
  return COLUMNS.map((column) => row[column]);
}

/** A checked entry's row, with a new id. */
export function ledgerRow(entry: LedgerEntry, reservationId: string | null, generateId: AccountingIdGenerator): UsageLedgerTable {
  return {
    id: generateId('led'),
    key_id: entry.keyId,
    response_id: entry.responseId,
    reservation_id: reservationId,
    model: entry.model,
    kind: entry.kind,
    input_tokens: entry.inputTokens,
    cached_input_tokens: entry.cachedInputTokens,
    output_tokens: entry.outputTokens,
    images: entry.images,
    cost_micros: entry.costMicros,
    basis: entry.basis,
    created_at: entry.createdAt,
  };
}

/** Writes checked entries (see assertLedgerEntries) with `db`, which may be a transaction. */
export async function insertLedgerRows(
  db: Kysely<StorageDatabase>,
  entries: readonly LedgerEntry[],
  reservationId: string | null,
  generateId: AccountingIdGenerator,
): Promise<void> {
  const rows = entries.map((entry) => ledgerRow(entry, reservationId, generateId));
  const [only] = rows;
  if (rows.length === 1 && only !== undefined) {
    await db.executeQuery(CompiledQuery.raw(oneRowInsertSql(db), oneRowParameters(only)));
    return;
  }
  for (let start = 0; start < rows.length; start += insertChunkRows) {
    await db.insertInto('usage_ledger').values(rows.slice(start, start + insertChunkRows)).execute();
  }
}
