import { sql, type Kysely, type SqlBool } from 'kysely';
import type { RateKind, RateLimitStore } from '../rate-limit-store.ts';
import { rateWindowMillis } from '../rate-limit-store.ts';
import { randomAccountingId, type AccountingIdGenerator } from './accounting-ids.ts';
import { lockKeyBudget } from './budget-queries.ts';
import type { ReservationSerialization } from './kysely-budget-store.ts';
import type { StorageDatabase } from './storage-database.ts';

export interface KyselyRateLimitStoreOptions {
  /** Already migrated (see `migrateInstanceStore`); owned by the caller. */
  db: Kysely<StorageDatabase>;
  /** As for budgets (kysely-budget-store.ts): how two instances' takes are kept apart. */
  serialization: ReservationSerialization;
  generateId?: AccountingIdGenerator;
}

/** Old events are swept this often (in takes), not on every one. */
const sweepEvery = 200;

/** Rate limits in the database: one `INSERT … SELECT … WHERE count + amount <= limit` per take. */
export function createKyselyRateLimitStore(options: KyselyRateLimitStoreOptions): RateLimitStore {
  const { db, serialization } = options;
  const generateId = options.generateId ?? randomAccountingId;
  let takes = 0;

  const recent = (executor: Kysely<StorageDatabase>, keyId: string, kind: RateKind, now: number) =>
    executor
      .selectFrom('rate_events')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number | string>('amount'), sql<number>`0`).as('events'))
      .where('key_id', '=', keyId)
      .where('kind', '=', kind)
      .where('at', '>', now - rateWindowMillis);

  const insert = async (executor: Kysely<StorageDatabase>, request: Parameters<RateLimitStore['take']>[0]): Promise<boolean> => {
    let values = executor.selectNoFrom([
      sql<string>`cast(${generateId('rte')} as text)`.as('id'),
      sql<string>`cast(${request.keyId} as text)`.as('key_id'),
      sql<RateKind>`cast(${request.kind} as text)`.as('kind'),
      sql<number>`cast(${request.amount} as integer)`.as('amount'),
      sql<number>`cast(${request.now} as bigint)`.as('at'),
    ]);
    if (request.limit !== undefined) {
      values = values.where(sql<SqlBool>`${recent(executor, request.keyId, request.kind, request.now)} + ${request.amount} <= ${request.limit}`);
    }
    const result = await executor.insertInto('rate_events').columns(['id', 'key_id', 'kind', 'amount', 'at']).expression(values).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  };

  return {
    async count(keyId, kind, now) {
      const row = await recent(db, keyId, kind, now).executeTakeFirstOrThrow();
      return Number(row.events);
    },
    async times(keyId, kind, now) {
      const rows = await db
        .selectFrom('rate_events')
        .select(['at', 'amount'])
        .where('key_id', '=', keyId)
        .where('kind', '=', kind)
        .where('at', '>', now - rateWindowMillis)
        .orderBy('at', 'asc')
        .execute();
      return rows.flatMap((row) => Array<number>(Number(row.amount)).fill(Number(row.at)));
    },
    async take(request) {
      if (request.amount <= 0) return true;
      takes += 1;
      if (takes % sweepEvery === 0) await db.deleteFrom('rate_events').where('at', '<=', request.now - rateWindowMillis).execute();
      if (serialization === 'single-statement' || request.limit === undefined) return insert(db, request);
      // Same row lock as the key's budget reservations (a key's takes queue behind each other).
      return db
        .transaction()
        .setIsolationLevel('read committed')
        .execute(async (trx) => {
          await lockKeyBudget(trx, `rate:${request.keyId}`);
          return insert(trx, request);
        });
    },
  };
}
