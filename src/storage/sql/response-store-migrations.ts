import { Migrator, type Kysely, type Migration } from 'kysely';
import type { MigrateOptions } from './migrate-options.ts';

/**
 * The response store's schema, one entry per version, applied in name order and never edited
 * once released: add `0002_…` instead. Dialect-neutral (SQLite and PostgreSQL), and idempotent
 * because Kysely does not wrap SQLite migrations in a transaction.
 */
const migrations: Record<string, Migration> = {
  '0001_create_responses': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('responses')
        .ifNotExists()
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('owner_id', 'text')
        .addColumn('previous_response_id', 'text')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('revision', 'text', (column) => column.notNull())
        .addColumn('response_json', 'text', (column) => column.notNull())
        .addColumn('input_items_json', 'text', (column) => column.notNull())
        .addColumn('blob_references_json', 'text', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('response_items')
        .ifNotExists()
        .addColumn('response_id', 'text', (column) => column.notNull())
        .addColumn('source', 'text', (column) => column.notNull())
        .addColumn('position', 'integer', (column) => column.notNull())
        .addColumn('item_id', 'text', (column) => column.notNull())
        .addColumn('owner_id', 'text')
        .addColumn('item_type', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('response_items_pk', ['response_id', 'source', 'position'])
        .execute();
      await db.schema
        .createIndex('response_items_item_id')
        .ifNotExists()
        .on('response_items')
        .columns(['item_id', 'owner_id'])
        .execute();
    },
  },
  '0002_response_status': {
    async up(db: Kysely<unknown>) {
      // The status in its own column finds responses a crash left in progress.
      await db.schema.alterTable('responses').addColumn('status', 'text').execute();
      await db.schema.createIndex('responses_status').ifNotExists().on('responses').column('status').execute();
    },
  },
};

/**
 * Brings the schema up to date. The bookkeeping tables carry the store's own names so other
 * stores may keep their own Kysely migrations in the same database.
 */
export async function migrateResponseStore(db: Kysely<unknown>, options: MigrateOptions = {}): Promise<void> {
  const migrator = new Migrator({
    db,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'response_store_migration',
    migrationLockTableName: 'response_store_migration_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error('Migrating the response store failed', { cause: error });
}
