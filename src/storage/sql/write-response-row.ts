import { sql, type Kysely } from 'kysely';
import type { createCompiledShapes } from './compiled-shapes.ts';
import { JOURNAL_REVISION } from './journal-row.ts';
import type { ResponseItemsTable, ResponsesTable, StorageDatabase } from './storage-database.ts';

/**
 * How a response's first save reaches the database: `transaction` (SQLite: statements are
 * in-process calls, one transaction holds them) or `single-statement` (PostgreSQL: the row and
 * its item index in one statement, so one round trip and no BEGIN/COMMIT).
 */
export type ResponseWriteMode = 'transaction' | 'single-statement';

/** Rows per multi-row insert: well under SQLite's and PostgreSQL's bound-parameter limits. */
const insertChunkRows = 200;

/** SQL kept by shape (compiled-shapes.ts). */
export type CompiledShapes = ReturnType<typeof createCompiledShapes>;

const itemColumns = ['response_id', 'source', 'position', 'item_id', 'owner_id', 'item_type'] as const;

/** Columns a save overwrites; `id` is the conflict target. */
function updatedColumns(row: ResponsesTable): Array<Exclude<keyof ResponsesTable, 'id'>> {
  const columns: Array<Exclude<keyof ResponsesTable, 'id'>> = ['owner_id', 'previous_response_id', 'created_at', 'revision', 'response_json', 'input_items_json', 'blob_references_json', 'status'];
  return row.instance_id === undefined ? columns : [...columns, 'instance_id'];
}

/** A row's columns in insert order, `id` first. */
export function rowColumns(row: ResponsesTable): Array<keyof ResponsesTable> {
  return ['id', ...updatedColumns(row)];
}

/** The row in the column order of {@link rowColumns}: what a response row's insert binds. */
export function rowInColumnOrder(row: ResponsesTable): ResponsesTable {
  const ordered: Record<string, unknown> = {};
  for (const column of rowColumns(row)) ordered[column] = row[column];
  return ordered as unknown as ResponsesTable;
}

/**
 * Journal rows (journal-row.ts) in ONE statement, however many; an id already stored is left as
 * it is (a journal never overwrites a save). Every row has the same columns.
 */
export async function insertJournalRows(db: Kysely<StorageDatabase>, compiled: CompiledShapes, rows: readonly ResponsesTable[]): Promise<void> {
  const ordered = rows.map(rowInColumnOrder);
  const [first] = ordered;
  if (first === undefined) return;
  const columns = rowColumns(first);
  const parameters = ordered.flatMap((row) => columns.map((column) => row[column]));
  const query = compiled(`responses:begin:${columns.join(',')}:${ordered.length}`, parameters, () =>
    db
      .insertInto('responses')
      .values(ordered)
      .onConflict((conflict) => conflict.column('id').doNothing()),
  );
  await db.executeQuery(query);
}

/**
 * The first save of a response (a new id, or one `begin` journaled): inserts the row, or
 * replaces a journal row, and adds the item index. Nothing to delete: a journal row has no
 * blobs and no items. `false`, having written nothing, when a saved row is there instead.
 * Must run inside a transaction (the caller's), written before anything is read.
 */
export async function insertOverJournal(trx: Kysely<StorageDatabase>, compiled: CompiledShapes, row: ResponsesTable, itemRows: readonly ResponseItemsTable[]): Promise<boolean> {
  const ordered = rowInColumnOrder(row);
  const columns = rowColumns(row);
  const query = compiled(`responses:upsert-over-journal:${columns.join(',')}`, [...columns.map((column) => ordered[column]), JOURNAL_REVISION], () =>
    trx
      .insertInto('responses')
      .values(ordered)
      // From `excluded`: the JSON is bound once, not twice.
      .onConflict((conflict) =>
        conflict
          .column('id')
          .doUpdateSet(Object.fromEntries(updatedColumns(row).map((column) => [column, sql.ref(`excluded.${column}`)])))
          .where('responses.revision', '=', JOURNAL_REVISION),
      ),
  );
  const result = await trx.executeQuery(query);
  // SQLite counts an upsert whose WHERE failed as no change.
  if (result.numAffectedRows === 0n) return false;
  await insertItemRows(trx, compiled, itemRows);
  return true;
}

/**
 * {@link insertOverJournal} as ONE PostgreSQL statement: the upsert and the item index in data-
 * modifying CTEs (atomic without BEGIN/COMMIT), the items passed as four arrays so the SQL text
 * is the same whatever their number.
 */
export async function insertOverJournalInOneStatement(db: Kysely<StorageDatabase>, compiled: CompiledShapes, row: ResponsesTable, itemRows: readonly ResponseItemsTable[]): Promise<boolean> {
  const columns = rowColumns(row);
  const values = columns.map((column) => row[column]);
  const sources = itemRows.map((item) => item.source);
  const positions = itemRows.map((item) => item.position);
  const itemIds = itemRows.map((item) => item.item_id);
  const itemTypes = itemRows.map((item) => item.item_type);
  const statement = sql<{ saved: number }>`with saved as (
    insert into responses (${sql.join(columns.map((column) => sql.ref(column)))})
    values (${sql.join(values)})
    on conflict (id) do update set ${sql.join(updatedColumns(row).map((column) => sql`${sql.ref(column)} = ${sql.ref(`excluded.${column}`)}`))}
    where responses.revision = ${JOURNAL_REVISION}
    returning id
  ), items as (
    insert into response_items (response_id, source, position, item_id, owner_id, item_type)
    select ${row.id}::text, item.source, item.position, item.item_id, ${row.owner_id}::text, item.item_type
    from unnest(${sources}::text[], ${positions}::int[], ${itemIds}::text[], ${itemTypes}::text[]) as item(source, position, item_id, item_type)
    where exists (select 1 from saved)
  )
  select count(*)::int as saved from saved`;
  const parameters = [...values, JOURNAL_REVISION, row.id, row.owner_id, sources, positions, itemIds, itemTypes];
  const query = compiled(`responses:one-statement:${columns.join(',')}`, parameters, () => ({ compile: () => statement.compile(db) }));
  const result = await db.executeQuery<{ saved: number }>(query);
  return Number(result.rows[0]?.saved ?? 0) > 0;
}

/** Statuses of a response that has not ended: only these may be replaced by a save `onlyWhileRunning`. */
export const RUNNING_STATUSES: readonly string[] = ['in_progress', 'queued'];

/** What {@link replaceSavedRow} did: wrote the row (and the revision it replaced), or nothing (the stored response had ended). */
export type ReplaceResult = { written: true; replacedRevision: string | undefined } | { written: false };

/**
 * Replaces a saved row and its item index; the replaced revision (its blobs are the caller's to
 * drop). Every step writes, and the row is written before its items. SQLite: a transaction that
 * reads first holds a read snapshot, and its first write fails at once ("database is locked", no
 * busy wait) if another process committed meanwhile; a first write takes the write lock, then
 * reads the newest. PostgreSQL: the no-op update (reading the replaced revision) and the upsert
 * lock the row, so a concurrent save of the same response waits for this one to commit, and only
 * then deletes the items (its statements see the commit).
 *
 * `onlyWhileRunning`: the upsert's update applies only while the stored status is running (the
 * condition is in the statement, so a reconciliation committing first wins); otherwise nothing
 * is written and the items stay.
 */
export async function replaceSavedRow(
  trx: Kysely<StorageDatabase>,
  compiled: CompiledShapes,
  row: ResponsesTable,
  itemRows: readonly ResponseItemsTable[],
  onlyWhileRunning = false,
): Promise<ReplaceResult> {
  const { id, ...updates } = row;
  const existing = await trx
    .updateTable('responses')
    .set((eb) => ({ revision: eb.ref('revision') }))
    .where('id', '=', id)
    .returning('revision')
    .executeTakeFirst();
  const upserted = await trx
    .insertInto('responses')
    .values(row)
    .onConflict((conflict) => {
      const update = conflict.column('id').doUpdateSet(updates);
      return onlyWhileRunning ? update.where('responses.status', 'in', RUNNING_STATUSES) : update;
    })
    .executeTakeFirst();
  // Both engines count an upsert whose update WHERE failed as no row.
  if (onlyWhileRunning && Number(upserted.numInsertedOrUpdatedRows ?? 0n) === 0) return { written: false };
  await trx.deleteFrom('response_items').where('response_id', '=', id).execute();
  await insertItemRows(trx, compiled, itemRows);
  return { written: true, replacedRevision: existing?.revision };
}

async function insertItemRows(trx: Kysely<StorageDatabase>, compiled: CompiledShapes, itemRows: readonly ResponseItemsTable[]): Promise<void> {
  for (let start = 0; start < itemRows.length; start += insertChunkRows) {
    const chunk = itemRows.slice(start, start + insertChunkRows).map((item) => ({
      response_id: item.response_id,
      source: item.source,
      position: item.position,
      item_id: item.item_id,
      owner_id: item.owner_id,
      item_type: item.item_type,
    }));
    const parameters = chunk.flatMap((item) => itemColumns.map((column) => item[column]));
    await trx.executeQuery(compiled(`response_items:insert:${chunk.length}`, parameters, () => trx.insertInto('response_items').values(chunk)));
  }
}
