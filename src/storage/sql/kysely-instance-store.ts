import { randomBytes } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { InstanceStore } from '../instance-store.ts';
import type { StorageDatabase } from './storage-database.ts';

export interface KyselyInstanceStoreOptions {
  /** Already migrated (see `migrateInstanceStore`); owned by the caller. */
  db: Kysely<StorageDatabase>;
  /** How long a lease lasts after each renewal, in milliseconds; renew well within it. */
  leaseMillis: number;
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

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function createKyselyInstanceStore(options: KyselyInstanceStoreOptions): InstanceStore {
  const { db, leaseMillis } = options;
  const now = options.now ?? Date.now;
  const id = options.id ?? `inst_${randomBytes(8).toString('hex')}`;
  const hostname = options.hostname ?? osHostname();
  const pid = options.pid ?? process.pid;
  const isProcessAlive = options.isProcessAlive ?? processAlive;
  const startedAt = now();
  /** After retire() this instance counts as dead too, so a last reconciliation closes its own leftovers. */
  let retired = false;

  /**
   * Ids of live instances, this one always included. A lease still running on this host whose
   * process is gone is dead at once: a restart after a crash reconciles without waiting.
   */
  const liveIds = async (): Promise<{ live: string[]; dead: string[] }> => {
    const rows = await db.selectFrom('instances').select(['id', 'hostname', 'pid', 'lease_expires_at']).execute();
    const at = now();
    const live = retired ? [] : [id];
    const dead: string[] = [];
    for (const row of rows) {
      if (row.id === id) continue;
      const alive = Number(row.lease_expires_at) > at && (row.hostname !== hostname || isProcessAlive(Number(row.pid)));
      (alive ? live : dead).push(row.id);
    }
    return { live, dead };
  };

  return {
    id,
    async renew() {
      const leaseExpiresAt = now() + leaseMillis;
      await db
        .insertInto('instances')
        .values({ id, hostname, pid, started_at: startedAt, lease_expires_at: leaseExpiresAt })
        .onConflict((conflict) => conflict.column('id').doUpdateSet({ lease_expires_at: leaseExpiresAt }))
        .execute();
    },
    async orphanedResponses() {
      const { live } = await liveIds();
      const rows = await db
        .selectFrom('responses')
        .select(['id', 'owner_id'])
        .where('status', 'in', ['in_progress', 'queued'])
        .where((eb) => (live.length === 0 ? eb.lit(true) : eb.or([eb('instance_id', 'is', null), eb('instance_id', 'not in', live)])))
        .execute();
      return rows.map((row) => ({ id: row.id, ownerId: row.owner_id }));
    },
    async releaseOrphanedReservations() {
      const { live } = await liveIds();
      const result = await db
        .updateTable('budget_reservations')
        .set({ status: 'released', closed_at: now() })
        .where('status', '=', 'active')
        .where((eb) => (live.length === 0 ? eb.lit(true) : eb.or([eb('instance_id', 'is', null), eb('instance_id', 'not in', live)])))
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async forgetDead() {
      const { dead } = await liveIds();
      if (dead.length > 0) await db.deleteFrom('instances').where('id', 'in', dead).execute();
    },
    async retire() {
      retired = true;
      await db.deleteFrom('instances').where('id', '=', id).execute();
    },
  };
}
