import type { Kysely } from 'kysely';
import type { LedgerEntry } from '../usage-store.ts';
import type { AccountingIdGenerator } from './accounting-ids.ts';
import type { StorageDatabase, UsageLedgerTable } from './storage-database.ts';

/** Rows per multi-row insert: well under SQLite's and PostgreSQL's bound-parameter limits. */
export const insertChunkRows = 200;

/** Writes checked entries (see assertLedgerEntries) with `db`, which may be a transaction. */
export async function insertLedgerRows(
  db: Kysely<StorageDatabase>,
  entries: readonly LedgerEntry[],
  reservationId: string | null,
  generateId: AccountingIdGenerator,
): Promise<void> {
  const rows = entries.map((entry): UsageLedgerTable => ({
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
  }));
  for (let start = 0; start < rows.length; start += insertChunkRows) {
    await db.insertInto('usage_ledger').values(rows.slice(start, start + insertChunkRows)).execute();
  }
}
