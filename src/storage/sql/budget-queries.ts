import { sql, type Kysely, type SqlBool } from 'kysely';
import type { BudgetLimits, BudgetScope } from '../budget-store.ts';
import { utcDayWindow, utcMonthWindow, type TimeWindow } from '../budget-windows.ts';
import { assertWholeNumber } from '../whole-number.ts';
import type { StorageDatabase } from './storage-database.ts';

/** One cap that applies to a reservation, with its window (none for `total`). */
export interface BudgetCap {
  scope: BudgetScope;
  limitMicros: number;
  window: TimeWindow | undefined;
}

const scopes: readonly { scope: BudgetScope; field: keyof BudgetLimits }[] = [
  // Ordered by when they reset, last first: the first refusing cap is the one to report.
  { scope: 'total', field: 'totalMicros' },
  { scope: 'monthly', field: 'monthlyMicros' },
  { scope: 'daily', field: 'dailyMicros' },
];
const limitFields: readonly string[] = scopes.map(({ field }) => field);

/** The caps in `limits` at `nowMillis`; a TypeError for unknown fields or amounts that are not whole micro-dollars. */
export function budgetCaps(limits: BudgetLimits, nowMillis: number): BudgetCap[] {
  if (limits === null || typeof limits !== 'object') throw new TypeError('limits must be an object');
  const unknown = Object.keys(limits).find((field) => !limitFields.includes(field));
  if (unknown !== undefined) throw new TypeError(`limits.${unknown} is not a known budget`);
  return scopes.flatMap(({ scope, field }) => {
    const limitMicros = limits[field];
    if (limitMicros === undefined) return [];
    assertWholeNumber(limitMicros, `limits.${field}`);
    const window = scope === 'daily' ? utcDayWindow(nowMillis) : scope === 'monthly' ? utcMonthWindow(nowMillis) : undefined;
    return [{ scope, limitMicros, window }];
  });
}

/** The key's active reservations, in micro-dollars (a scalar subquery). */
export function activeMicros(db: Kysely<StorageDatabase>, keyId: string) {
  return db
    .selectFrom('budget_reservations')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('amount_micros'), sql<number>`0`).as('micros'))
    .where('key_id', '=', keyId)
    .where('status', '=', 'active');
}

/** The key's ledger spend in `window` (all time without one), in micro-dollars (a scalar subquery). */
export function settledMicros(db: Kysely<StorageDatabase>, keyId: string, window: TimeWindow | undefined) {
  let query = db
    .selectFrom('usage_ledger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('cost_micros'), sql<number>`0`).as('micros'))
    .where('key_id', '=', keyId);
  if (window !== undefined) query = query.where('created_at', '>=', window.fromMillis).where('created_at', '<', window.toMillis);
  return query;
}

export interface NewReservation {
  id: string;
  keyId: string;
  responseId: string;
  amountMicros: number;
  createdAtMillis: number;
  /**
   * The instance lease it is taken under, and the time it is checked at: the insert happens only
   * while that lease (id and generation) is current and unexpired — the fencing check, in the same
   * statement as the budget check. Left out (the columns may not exist) when undefined.
   */
  lease?: { instanceId: string; generation: number; nowMillis: number } | undefined;
}

/**
 * Inserts the reservation only if every cap holds, as ONE statement: `INSERT … SELECT … WHERE
 * active + settled-in-window + amount <= limit` for each cap. Returns whether it went in.
 * Values are cast so PostgreSQL knows their types in a FROM-less SELECT.
 */
export async function insertReservationIfWithin(
  db: Kysely<StorageDatabase>,
  reservation: NewReservation,
  caps: readonly BudgetCap[],
): Promise<boolean> {
  const amount = sql<number>`cast(${reservation.amountMicros} as bigint)`;
  const conditions = caps.map(
    (cap) =>
      sql<SqlBool>`${activeMicros(db, reservation.keyId)} + ${settledMicros(db, reservation.keyId, cap.window)} + ${amount} <= cast(${cap.limitMicros} as bigint)`,
  );
  const { lease } = reservation;
  if (lease !== undefined) conditions.push(sql<SqlBool>`exists ${leaseHeld(db, lease.instanceId, lease.generation, lease.nowMillis)}`);
  let values = db.selectNoFrom([
    sql<string>`cast(${reservation.id} as text)`.as('id'),
    sql<string>`cast(${reservation.keyId} as text)`.as('key_id'),
    sql<string>`cast(${reservation.responseId} as text)`.as('response_id'),
    amount.as('amount_micros'),
    sql<'active'>`cast(${'active'} as text)`.as('status'),
    sql<number>`cast(${reservation.createdAtMillis} as bigint)`.as('created_at'),
    ...(lease === undefined
      ? []
      : [sql<string>`cast(${lease.instanceId} as text)`.as('instance_id'), sql<number>`cast(${lease.generation} as bigint)`.as('instance_generation')]),
  ]);
  for (const condition of conditions) values = values.where(condition);
  const result = await db
    .insertInto('budget_reservations')
    .columns(['id', 'key_id', 'response_id', 'amount_micros', 'status', 'created_at', ...(lease === undefined ? [] : (['instance_id', 'instance_generation'] as const))])
    .expression(values)
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** The instance's lease row, when `generation` is still its generation and the lease runs past `nowMillis` (a subquery). */
export function leaseHeld(db: Kysely<StorageDatabase>, instanceId: string, generation: number, nowMillis: number) {
  return db
    .selectFrom('instances')
    .select('instances.id')
    .where('instances.id', '=', instanceId)
    .where('instances.generation', '=', generation)
    .where('instances.lease_expires_at', '>', nowMillis);
}

/** What counts against each cap right now, read in one statement (one snapshot). */
export async function usedMicrosPerCap(db: Kysely<StorageDatabase>, keyId: string, caps: readonly BudgetCap[]): Promise<number[]> {
  if (caps.length === 0) return [];
  const row = await db
    .selectNoFrom([
      activeMicros(db, keyId).as('active'),
      ...caps.map((cap, index) => settledMicros(db, keyId, cap.window).as(`settled_${index}`)),
    ])
    .executeTakeFirstOrThrow();
  // Kysely cannot name columns aliased in a loop (`settled_0`…); the row is read by name.
  const values = row as Record<string, unknown>;
  return caps.map((_, index) => Number(values.active) + Number(values[`settled_${index}`]));
}

/**
 * Takes the key's row lock until the transaction ends (upsert: the first reservation of a key
 * creates the row). On PostgreSQL a second transaction blocks here until the first commits.
 */
export async function lockKeyBudget(trx: Kysely<StorageDatabase>, keyId: string): Promise<void> {
  await trx
    .insertInto('budget_locks')
    .values({ key_id: keyId, lock_count: 1 })
    .onConflict((conflict) => conflict.column('key_id').doUpdateSet({ lock_count: sql<number>`${sql.ref('budget_locks.lock_count')} + 1` }))
    .execute();
}
