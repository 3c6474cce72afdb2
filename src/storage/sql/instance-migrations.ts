import { Migrator, type Kysely, type Migration } from 'kysely';
import type { MigrateOptions } from './migrate-options.ts';

/**
 * What several instances on one database need: leases (who is alive), who owns each in-progress
 * response and active reservation, and rate-limit events. Applied after the response and
 * accounting migrations (it alters their tables); dialect-neutral; never edited once released.
 */
const migrations: Record<string, Migration> = {
  '0001_instances': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('instances')
        .ifNotExists()
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('hostname', 'text', (column) => column.notNull())
        .addColumn('pid', 'integer', (column) => column.notNull())
        .addColumn('started_at', 'bigint', (column) => column.notNull())
        .addColumn('lease_expires_at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.alterTable('responses').addColumn('instance_id', 'text').execute();
      await db.schema.alterTable('budget_reservations').addColumn('instance_id', 'text').execute();
      await db.schema.createIndex('budget_reservations_status_instance').ifNotExists().on('budget_reservations').columns(['status', 'instance_id']).execute();
      await db.schema
        .createTable('rate_events')
        .ifNotExists()
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('key_id', 'text', (column) => column.notNull())
        .addColumn('kind', 'text', (column) => column.notNull())
        .addColumn('amount', 'integer', (column) => column.notNull())
        .addColumn('at', 'bigint', (column) => column.notNull())
        .execute();
      await db.schema.createIndex('rate_events_key_kind_at').ifNotExists().on('rate_events').columns(['key_id', 'kind', 'at']).execute();
    },
  },
  /**
   * Fencing: an instance's lease generation, and on each reservation the generation it was
   * taken under. A reconciler deletes a dead instance's row; the instance, if it was only
   * stalled, comes back under a new generation, and what it reserved before is no longer its
   * to settle (kysely-instance-store.ts). 0 for rows written before: they still match each other.
   */
  '0002_lease_generation': {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable('instances').addColumn('generation', 'bigint', (column) => column.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('budget_reservations').addColumn('instance_generation', 'bigint', (column) => column.notNull().defaultTo(0)).execute();
    },
  },
};

export async function migrateInstanceStore(db: Kysely<unknown>, options: MigrateOptions = {}): Promise<void> {
  const migrator = new Migrator({
    db,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'instance_store_migration',
    migrationLockTableName: 'instance_store_migration_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error('Migrating the instance store failed', { cause: error });
}
