import { Migrator, type Kysely, type Migration } from 'kysely';
import type { MigrateOptions } from './migrate-options.ts';

/**
 * The conversation store's schema (kysely-conversation-store.ts), with its own bookkeeping
 * tables so it never collides with another store's migration names. Dialect-neutral, idempotent,
 * never edited once released: add `0002_…` instead.
 */
const migrations: Record<string, Migration> = {
  '0001_create_conversations': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('conversations')
        .ifNotExists()
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('owner_id', 'text')
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('metadata_json', 'text', (column) => column.notNull())
        .addColumn('next_position', 'integer', (column) => column.notNull())
        .execute();
      await db.schema
        .createTable('conversation_items')
        .ifNotExists()
        .addColumn('conversation_id', 'text', (column) => column.notNull())
        .addColumn('position', 'integer', (column) => column.notNull())
        .addColumn('item_id', 'text', (column) => column.notNull())
        .addColumn('item_type', 'text', (column) => column.notNull())
        .addColumn('item_json', 'text', (column) => column.notNull())
        .addColumn('blob_folder', 'text', (column) => column.notNull())
        .addColumn('blob_references_json', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('conversation_items_pk', ['conversation_id', 'position'])
        .execute();
      await db.schema
        .createIndex('conversation_items_item_id')
        .ifNotExists()
        .on('conversation_items')
        .columns(['conversation_id', 'item_id'])
        .execute();
    },
  },
};

export async function migrateConversationStore(db: Kysely<unknown>, options: MigrateOptions = {}): Promise<void> {
  const migrator = new Migrator({
    db,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'conversation_store_migration',
    migrationLockTableName: 'conversation_store_migration_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error('Migrating the conversation store failed', { cause: error });
}
