import { randomBytes } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { InstanceStore } from '../instance-store.ts';
import type { StorageDatabase } from './storage-database.ts';
import { processAlive } from '../process-alive.ts';

export interface KyselyInstanceStoreOptions {
  /** Already migrated (see `migrateInstanceStore`); owned by the caller. */
  db: Kysely<StorageDatabase>;
  /** How long a lease lasts after each renewal, in milliseconds; renew well within it. */
  leaseMillis: number;
  /**
   * How long past its lease's end another instance is still left alone, in milliseconds: a
   * stalled event loop (a long synchronous SQLite write under load) delays renewals without the
   * instance being dead. Default `leaseMillis`.
   */
  graceMillis?: number;
  /** Unix milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Default a random `inst_…`. */
  id?: string;
  /** Default the OS host name and this process; for tests. */
  hostname?: string;
  pid?: number;
  /** Whether a process of this host is running; default `process.kill(pid, 0)`. */
  isProcessAlive?: (pid: number) => boolean;
}


export function createKyselyInstanceStore(options: KyselyInstanceStoreOptions): InstanceStore {
  const { db, leaseMillis } = options;
  const graceMillis = options.graceMillis ?? leaseMillis;
  const now = options.now ?? Date.now;
  const id = options.id ?? `inst_${randomBytes(8).toString('hex')}`;
  const hostname = options.hostname ?? osHostname();
  const pid = options.pid ?? process.pid;
  const isProcessAlive = options.isProcessAlive ?? processAlive;
  const startedAt = now();
  /** 0 until registered; the generation this instance's reservations are taken under. */
  let generation = 0;

  /**
   * Registers under the next generation, then releases what earlier generations of this
   * instance still hold: a stalled instance that was fenced starts clean, and the work it had in
   * flight can no longer settle. Two statements, no transaction: between them the old
   * reservations already match no lease row, so nothing can settle them (and better-sqlite3 would
   * block this event loop on a second connection's transaction, see create-sqlite-stores.ts).
   */
  const register = async (at: number): Promise<number> => {
    const next = generation + 1;
    const leaseExpiresAt = at + leaseMillis;
    await db
      .insertInto('instances')
      .values({ id, hostname, pid, started_at: startedAt, lease_expires_at: leaseExpiresAt, generation: next })
      .onConflict((conflict) => conflict.column('id').doUpdateSet({ lease_expires_at: leaseExpiresAt, generation: next }))
      .execute();
    generation = next;
    const result = await db
      .updateTable('budget_reservations')
      .set({ status: 'released', closed_at: at })
      .where('instance_id', '=', id)
      .where('status', '=', 'active')
      .where('instance_generation', '<>', next)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  };

  /** Set by retire(): a shutting-down instance does not come back (a straggler's reserve or settle fails instead). */
  let retired = false;
  const renewOnce = async (): Promise<{ reestablished: boolean; released: number }> => {
    if (retired) throw new Error('This instance gave up its lease (shutting down): it takes no more billable work');
    const at = now();
    if (generation > 0) {
      // Only the generation this instance holds is extended: a fenced one is gone.
      const result = await db
        .updateTable('instances')
        .set({ lease_expires_at: at + leaseMillis })
        .where('id', '=', id)
        .where('generation', '=', generation)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 1) return { reestablished: false, released: 0 };
    }
    return { reestablished: true, released: await register(at) };
  };
  /** The lease timer, reserves and settles may all find the lease lapsed at once: one renewal serves them. */
  let renewing: Promise<{ reestablished: boolean; released: number }> | undefined;

  return {
    id,
    current: () => ({ instanceId: id, generation }),
    renew() {
      renewing ??= renewOnce().finally(() => {
        renewing = undefined;
      });
      return renewing;
    },
    async orphanedResponses() {
      const rows = await db
        .selectFrom('responses')
        .select(['id', 'owner_id'])
        .where('status', 'in', ['in_progress', 'queued'])
        .where((eb) =>
          eb.or([
            eb('instance_id', 'is', null),
            eb.not(eb.exists(eb.selectFrom('instances').select('instances.id').whereRef('instances.id', '=', 'responses.instance_id'))),
          ]),
        )
        .execute();
      return rows.map((row) => ({ id: row.id, ownerId: row.owner_id }));
    },
    async releaseOrphanedReservations() {
      const result = await db
        .updateTable('budget_reservations')
        .set({ status: 'released', closed_at: now() })
        .where('status', '=', 'active')
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('instances')
                .select('instances.id')
                .whereRef('instances.id', '=', 'budget_reservations.instance_id')
                .whereRef('instances.generation', '=', 'budget_reservations.instance_generation'),
            ),
          ),
        )
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async fenceDead() {
      const rows = await db.selectFrom('instances').select(['id', 'hostname', 'pid', 'lease_expires_at', 'generation']).where('id', '<>', id).execute();
      const at = now();
      let released = 0;
      for (const row of rows) {
        const lapsed = Number(row.lease_expires_at) + graceMillis <= at;
        const gone = row.hostname === hostname && !isProcessAlive(Number(row.pid));
        if (!lapsed && !gone) continue;
        // Compare-and-delete on what was read: a renewal committed meanwhile keeps its row, and so
        // its reservations (on PostgreSQL the DELETE waits for that renewal's row lock, then re-checks).
        const deleted = await db
          .deleteFrom('instances')
          .where('id', '=', row.id)
          .where('generation', '=', row.generation ?? 0)
          .where('lease_expires_at', '=', row.lease_expires_at)
          .executeTakeFirst();
        if (Number(deleted.numDeletedRows) === 0) continue;
        // Only the fenced generation's: if the instance registers again meanwhile, what it reserves then is its own.
        // From the delete on, these match no lease row, so nothing settles them before this release.
        const result = await db
          .updateTable('budget_reservations')
          .set({ status: 'released', closed_at: at })
          .where('instance_id', '=', row.id)
          .where('instance_generation', '=', row.generation ?? 0)
          .where('status', '=', 'active')
          .executeTakeFirst();
        released += Number(result.numUpdatedRows);
      }
      return released;
    },
    async retire() {
      retired = true;
      await db.deleteFrom('instances').where('id', '=', id).execute();
    },
  };
}
