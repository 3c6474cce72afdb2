import { assembleKyselyStores, type Stores, type StoresOptions } from '../sql/kysely-stores.ts';
import { migratePostgres } from './migrate-postgres.ts';
import { openPostgresKysely, type PostgresConnectionOptions } from './open-postgres-kysely.ts';

export interface PostgresStoresOptions extends PostgresConnectionOptions, StoresOptions {
  /** Default true; false expects `imagegate migrate` to have run (fails on a missing table otherwise). */
  migrate?: boolean;
}

/**
 * Opens every store on one PostgreSQL pool, migrating first under an advisory lock. Budgets and
 * rate limits use `lock-key-row` (kysely-budget-store.ts): a key's reservations queue on a row
 * lock, so they hold across any number of instances. A response's row and item index are written
 * in one statement.
 */
export async function createPostgresStores(options: PostgresStoresOptions): Promise<Stores> {
  const db = await openPostgresKysely(options);
  try {
    if (options.migrate !== false) await migratePostgres(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // One round trip per first save of a response (write-response-row.ts).
  return assembleKyselyStores(db, 'lock-key-row', options, 'single-statement');
}
