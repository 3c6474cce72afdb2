import { sql, type Kysely, type RawBuilder } from 'kysely';
import { millisPerDay, utcDayLabel } from '../budget-windows.ts';
import { assertLedgerEntries } from '../ledger-entry-check.ts';
import type { LedgerEntry, UsageGroupBy, UsageRow, UsageStore, UsageTotals } from '../usage-store.ts';
import { assertWholeNumber } from '../whole-number.ts';
import { randomAccountingId, type AccountingIdGenerator } from './accounting-ids.ts';
import { createDirectWrites, type GroupCommit } from './group-commit.ts';
import { insertChunkRows, insertLedgerRows, ledgerRow } from './ledger-rows.ts';
import type { RowBatch } from './row-batch.ts';
import type { StorageDatabase, UsageLedgerTable } from './storage-database.ts';

export interface KyselyUsageStoreOptions {
  /** Already migrated (see `migrateAccountingStore`); owned by the caller. */
  db: Kysely<StorageDatabase>;
  generateId?: AccountingIdGenerator;
  /** Runs the ledger inserts; a group commit (group-commit.ts) batches those of one tick. Default: each on its own. */
  writes?: GroupCommit<StorageDatabase>;
  /** Instead of `writes`: the entries of one tick in one multi-row INSERT (PostgreSQL: one round trip); see {@link ledgerRowBatchOptions}. */
  ledgerRows?: RowBatch<LedgerEntry>;
  /**
   * SQLite: inserts one row synchronously on the connection under `db` (a prepared statement),
   * the `direct` form of a one-row write for `writes` (a group commit over that connection).
   */
  insertRow?: (row: UsageLedgerTable) => void;
  /** SQLite: entries without a reservation go to this journal instead (src/storage/sqlite/ledger-journal.ts); it is folded before every read. */
  journal?: DirectLedgerJournal;
}

/** Ledger rows written now to a journal, and into usage_ledger later, in batches. */
export interface DirectLedgerJournal {
  /**
   * Durable (as a WAL commit is) when it returns; throws when it could not write. A promise:
   * wait for it before going on (the end of the loop turn, for all but its first row).
   */
  append(rows: readonly UsageLedgerTable[]): Promise<void> | undefined;
  /** Call before reading usage_ledger: folds what is pending (after an open transaction); undefined when nothing is left to wait for. */
  beforeRead(): Promise<void> | undefined;
  /** Folds what is left; the file stays for the next start when that fails. */
  close(): Promise<void>;
}

/** Options for a {@link RowBatch} of ledger entries written as directly recorded (no reservation). */
export function ledgerRowBatchOptions(db: Kysely<StorageDatabase>, generateId: AccountingIdGenerator = randomAccountingId) {
  return {
    write: (entries: readonly LedgerEntry[]) =>
      entries.length <= insertChunkRows ? insertLedgerRows(db, entries, null, generateId) : db.transaction().execute((trx) => insertLedgerRows(trx, entries, null, generateId)),
    maxRows: insertChunkRows,
  };
}

/** Reports over the usage ledger, summed in SQL (exact integers on both dialects). */
export function createKyselyUsageStore(options: KyselyUsageStoreOptions): UsageStore {
  const { db } = options;
  const generateId = options.generateId ?? randomAccountingId;
  const writes = options.writes ?? createDirectWrites(db);
  const { insertRow, journal } = options;

  return {
    async record(entries) {
      assertLedgerEntries(entries);
      if (entries.length === 0) return;
      if (journal !== undefined) {
        await journal.append(entries.map((entry) => ledgerRow(entry, null, generateId)));
        return;
      }
      // One multi-row INSERT is atomic by itself: a transaction (three more round trips through
      // Kysely per response) only when the rows span several statements.
      if (options.ledgerRows !== undefined) {
        await options.ledgerRows.add(entries);
        return;
      }
      const [only] = entries;
      const write = (trx: Kysely<StorageDatabase>) => insertLedgerRows(trx, entries, null, generateId);
      if (insertRow !== undefined && entries.length === 1 && only !== undefined) await writes.run(write, { oneStatement: true, direct: () => insertRow(ledgerRow(only, null, generateId)) });
      else await writes.run(write, { oneStatement: entries.length <= insertChunkRows });
    },

    async usage(query) {
      assertRange(query.from, query.to);
      await journal?.beforeRead();
      const group = groupExpression(query.groupBy);
      let select = db
        .selectFrom('usage_ledger')
        .select((eb) => [
          group.as('group_key'),
          eb.fn.sum<number | string>('cost_micros').as('cost_micros'),
          eb.fn.sum<number | string>('images').as('images'),
          eb.fn.sum<number | string>('input_tokens').as('input_tokens'),
          eb.fn.sum<number | string>('cached_input_tokens').as('cached_input_tokens'),
          eb.fn.sum<number | string>('output_tokens').as('output_tokens'),
          eb.fn.countAll<number | string>().as('entries'),
        ])
        .where('created_at', '>=', query.from)
        .where('created_at', '<', query.to)
        .groupBy(group);
      if (query.keyId !== undefined) {
        const keyId = query.keyId;
        select = select.where((eb) => (keyId === null ? eb('key_id', 'is', null) : eb('key_id', '=', keyId)));
      }
      const rows: UsageRow[] = (await select.execute()).map((row) => ({
        group:
          row.group_key === null ? null : query.groupBy === 'day' ? utcDayLabel(Number(row.group_key)) : String(row.group_key),
        costMicros: Number(row.cost_micros),
        images: Number(row.images),
        inputTokens: Number(row.input_tokens),
        cachedInputTokens: Number(row.cached_input_tokens),
        outputTokens: Number(row.output_tokens),
        entries: Number(row.entries),
      }));
      // Sorted here, not in SQL: text collation differs between dialects and locales.
      rows.sort((left, right) => compareGroups(left.group, right.group));
      return { rows, totals: sumRows(rows) };
    },

    async spent({ keyId, from, to }) {
      assertRange(from, to);
      await journal?.beforeRead();
      const row = await db
        .selectFrom('usage_ledger')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('cost_micros'), sql<number>`0`).as('micros'))
        .where('key_id', '=', keyId)
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .executeTakeFirstOrThrow();
      return Number(row.micros);
    },
  };
}

function groupExpression(groupBy: UsageGroupBy): RawBuilder<string | number | null> {
  switch (groupBy) {
    // Integer division on both dialects (created_at is a non-negative bigint); the divisor is
    // inlined so PostgreSQL sees the same expression in SELECT and GROUP BY.
    case 'day':
      return sql`${sql.ref('created_at')} / ${sql.lit(millisPerDay)}`;
    case 'model':
      return sql`${sql.ref('model')}`;
    case 'key':
      return sql`${sql.ref('key_id')}`;
    default:
      throw new TypeError(`groupBy must be day, model or key, got ${String(groupBy)}`);
  }
}

function assertRange(from: number, to: number): void {
  assertWholeNumber(from, 'from');
  assertWholeNumber(to, 'to');
}

function compareGroups(left: string | null, right: string | null): number {
  if (left === right) return 0;
  if (left === null) return -1;
  if (right === null) return 1;
  return left < right ? -1 : 1;
}

function sumRows(rows: readonly UsageRow[]): UsageTotals {
  const totals: UsageTotals = { costMicros: 0, images: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, entries: 0 };
  for (const row of rows) {
    totals.costMicros += row.costMicros;
    totals.images += row.images;
    totals.inputTokens += row.inputTokens;
    totals.cachedInputTokens += row.cachedInputTokens;
    totals.outputTokens += row.outputTokens;
    totals.entries += row.entries;
  }
  return totals;
}
