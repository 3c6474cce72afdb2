import type { Kysely } from 'kysely';
import type { BudgetHeadroom, BudgetReservation, BudgetStore, ReserveRequest, ReserveResult } from '../budget-store.ts';
import type { InstanceLeaseHolder } from '../instance-store.ts';
import { assertLedgerEntries } from '../ledger-entry-check.ts';
import { assertWholeNumber } from '../whole-number.ts';
import { randomAccountingId, type AccountingIdGenerator } from './accounting-ids.ts';
import { createDirectWrites, type GroupCommit } from './group-commit.ts';
import { budgetCaps, insertReservationIfWithin, leaseHeld, lockKeyBudget, usedMicrosPerCap, type BudgetCap, type NewReservation } from './budget-queries.ts';
import { insertLedgerRows } from './ledger-rows.ts';
import type { StorageDatabase } from './storage-database.ts';

/**
 * How one key's reservations are kept from interleaving. Both run the check and the insert
 * as one `INSERT … SELECT … WHERE sums <= limit` statement (budget-queries.ts); they differ in
 * what stops two statements from reading the same sums:
 *
 * - `single-statement` (SQLite): nothing more is needed. A SQLite write statement begins its
 *   write transaction — the database's one write lock, waited for per `busy_timeout` — before
 *   it reads anything, and in WAL mode a writer always reads the newest commit. So the sums
 *   include every reservation committed by any connection or process. Being one synchronous
 *   better-sqlite3 call, it also never holds the lock across an `await`.
 * - `lock-key-row` (PostgreSQL, the default): a READ COMMITTED transaction first upserts the
 *   key's `budget_locks` row, a row lock held until commit that queues every other reservation
 *   of the key; the statement that follows takes a fresh snapshot, which holds everything the
 *   previous holder committed. (A single statement alone would not do on PostgreSQL: two of
 *   them could read the same snapshot and both insert.) Other keys are not blocked.
 *
 * Settling and releasing need no lock: each is one transaction that only moves money from
 * "active" to "settled" (or drops it), so any snapshot sees a consistent total.
 *
 * Fencing (with `lease`): a reservation is inserted only while this instance's lease is current
 * and unexpired, and settled only while the lease it was taken under is — both checked inside
 * the statement that writes. When the check fails the store renews the lease (instance-store.ts)
 * and tries again: a lease that had only lapsed is extended and the work goes on; one that was
 * fenced comes back under a new generation, its old reservations released, so their settle
 * answers `false` and the work they paid for is not delivered.
 */
export type ReservationSerialization = 'single-statement' | 'lock-key-row';

export interface KyselyBudgetStoreOptions {
  /** Already migrated (see `migrateAccountingStore`); owned by the caller. */
  db: Kysely<StorageDatabase>;
  /** Default `lock-key-row`, which is correct on every dialect; SQLite should use `single-statement`. */
  serialization?: ReservationSerialization;
  /** Unix milliseconds, stamps settle and release. Default `Date.now`. */
  now?: () => number;
  generateId?: AccountingIdGenerator;
  /** The instance lease every reservation is taken and settled under (see above); needs `migrateInstanceStore`. */
  lease?: InstanceLeaseHolder;
  /** Runs each settlement's transaction; a group commit (group-commit.ts) batches those of one tick. Default: each on its own. */
  writes?: GroupCommit<StorageDatabase>;
  /** Called before a statement sums the ledger (headroom, reservations): brings the usage store's journal into it (kysely-usage-store.ts). */
  beforeLedgerRead?: () => Promise<void> | undefined;
}

/** When a refused reservation's sums no longer refuse it (money freed meanwhile), it is tried again this often. */
const reserveAttempts = 4;

export function createKyselyBudgetStore(options: KyselyBudgetStoreOptions): BudgetStore {
  const { db } = options;
  const serialization = options.serialization ?? 'lock-key-row';
  const now = options.now ?? Date.now;
  const generateId = options.generateId ?? randomAccountingId;
  const writes = options.writes ?? createDirectWrites(db);

  const tryInsert = (reservation: NewReservation, caps: readonly BudgetCap[]): Promise<boolean> =>
    serialization === 'single-statement'
      ? insertReservationIfWithin(db, reservation, caps)
      : db
          .transaction()
          .setIsolationLevel('read committed')
          .execute(async (trx) => {
            await lockKeyBudget(trx, reservation.keyId);
            return insertReservationIfWithin(trx, reservation, caps);
          });

  const holdsLease = async (lease: NonNullable<NewReservation['lease']>): Promise<boolean> =>
    (await leaseHeld(db, lease.instanceId, lease.generation, lease.nowMillis).executeTakeFirst()) !== undefined;
  const isActive = async (reservationId: string): Promise<boolean> =>
    (await db.selectFrom('budget_reservations').select('id').where('id', '=', reservationId).where('status', '=', 'active').executeTakeFirst()) !== undefined;

  return {
    async reserve(request) {
      const caps = checkReserveRequest(request);
      await options.beforeLedgerRead?.();
      let refusal: Extract<ReserveResult, { ok: false }> | undefined;
      for (let attempt = 1; attempt <= reserveAttempts; attempt += 1) {
        const lease = options.lease?.current();
        const reservation: NewReservation = {
          id: generateId('rsv'),
          keyId: request.keyId,
          responseId: request.responseId,
          amountMicros: request.amountMicros,
          createdAtMillis: request.now,
          lease: lease && { ...lease, nowMillis: now() },
        };
        if (await tryInsert(reservation, caps)) return { ok: true, reservationId: reservation.id };
        // The insert was refused atomically; this second read only explains why.
        const used = await usedMicrosPerCap(db, request.keyId, caps);
        const headroom = caps.map((cap, index) => cap.limitMicros - (used[index] ?? 0) - request.amountMicros);
        const refusing = headroom.findIndex((micros) => micros < 0);
        const reported = refusing >= 0 ? refusing : headroom.indexOf(Math.min(...headroom));
        const cap = caps[reported];
        if (cap !== undefined) refusal = { ok: false, scope: cap.scope, limitMicros: cap.limitMicros, usedMicros: used[reported] ?? 0 };
        if (refusing >= 0 && refusal !== undefined) return refusal;
        // The money was there: either it was freed meanwhile (try again), or the lease refused.
        // No new billable work under a lapsed or fenced lease: renew it (re-registering if fenced) first.
        if (reservation.lease !== undefined && !(await holdsLease(reservation.lease))) await options.lease?.renew();
        else if (cap === undefined) break;
      }
      if (refusal === undefined) throw new Error('The reservation was not inserted: this instance could not hold its lease');
      return refusal;
    },

    async headroom(request) {
      if (typeof request.keyId !== 'string' || request.keyId === '') throw new TypeError('keyId must be a key id');
      assertWholeNumber(request.now, 'now');
      const caps = budgetCaps(request.limits, request.now);
      await options.beforeLedgerRead?.();
      const used = await usedMicrosPerCap(db, request.keyId, caps);
      let tightest: BudgetHeadroom = { micros: Number.POSITIVE_INFINITY, scope: undefined, limitMicros: undefined, usedMicros: undefined };
      for (const [index, cap] of caps.entries()) {
        const usedMicros = used[index] ?? 0;
        const micros = Math.max(0, cap.limitMicros - usedMicros);
        if (micros < tightest.micros) tightest = { micros, scope: cap.scope, limitMicros: cap.limitMicros, usedMicros };
      }
      return tightest;
    },

    async settle(reservationId, { actualMicros, entries }) {
      assertWholeNumber(actualMicros, 'actualMicros');
      assertLedgerEntries(entries);
      const entriesMicros = entries.reduce((sum, entry) => sum + entry.costMicros, 0);
      if (!Number.isSafeInteger(entriesMicros) || entriesMicros !== actualMicros) {
        throw new TypeError(`actualMicros (${actualMicros}) must equal the entries' costMicros sum (${entriesMicros})`);
      }
      const settleOnce = (): Promise<boolean> =>
        writes.run(async (trx) => {
          // The write comes first, so a SQLite transaction takes the write lock before it reads.
          let update = trx
            .updateTable('budget_reservations')
            .set({ status: 'settled', settled_micros: actualMicros, closed_at: now() })
            .where('id', '=', reservationId)
            .where('status', '=', 'active');
          // Fencing: only under the lease it was taken under, still current and unexpired.
          if (options.lease !== undefined) {
            const at = now();
            update = update.where((eb) =>
              eb.exists(
                eb
                  .selectFrom('instances')
                  .select('instances.id')
                  .whereRef('instances.id', '=', 'budget_reservations.instance_id')
                  .whereRef('instances.generation', '=', 'budget_reservations.instance_generation')
                  .where('instances.lease_expires_at', '>', at),
              ),
            );
          }
          const settled = await update.returning('key_id').executeTakeFirst();
          if (settled === undefined) return false;
          const foreign = entries.findIndex((entry) => entry.keyId !== settled.key_id);
          // Throwing rolls the settlement back: the reservation stays active.
          if (foreign >= 0) throw new TypeError(`entries[${foreign}].keyId is not the reservation's key`);
          await insertLedgerRows(trx, entries, reservationId, generateId);
          return true;
        });
      if (await settleOnce()) return true;
      if (options.lease === undefined || !(await isActive(reservationId))) return false;
      // Still active, so the lease check refused it: renew (a fenced lease re-registers and
      // releases its old reservations, this one included), then settle only if it survived.
      await options.lease.renew();
      return settleOnce();
    },

    async release(reservationId) {
      const result = await db
        .updateTable('budget_reservations')
        .set({ status: 'released', closed_at: now() })
        .where('id', '=', reservationId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async activeReservations(listOptions = {}) {
      let query = db.selectFrom('budget_reservations').selectAll().where('status', '=', 'active');
      if (listOptions.olderThan !== undefined) assertWholeNumber(listOptions.olderThan, 'olderThan');
      if (listOptions.olderThan !== undefined) query = query.where('created_at', '<', listOptions.olderThan);
      const rows = await query.orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
      return rows.map(
        (row): BudgetReservation => ({
          id: row.id,
          keyId: row.key_id,
          responseId: row.response_id,
          amountMicros: Number(row.amount_micros),
          createdAt: Number(row.created_at),
        }),
      );
    },

    async releaseAll(responseId) {
      const result = await db
        .updateTable('budget_reservations')
        .set({ status: 'released', closed_at: now() })
        .where('response_id', '=', responseId)
        .where('status', '=', 'active')
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
  };
}

function checkReserveRequest(request: ReserveRequest): BudgetCap[] {
  if (typeof request.keyId !== 'string' || request.keyId === '') throw new TypeError('keyId must be a key id');
  if (typeof request.responseId !== 'string' || request.responseId === '') throw new TypeError('responseId must be a response id');
  assertWholeNumber(request.amountMicros, 'amountMicros');
  assertWholeNumber(request.now, 'now');
  return budgetCaps(request.limits, request.now);
}
