import { Migrator, type Kysely, type Migration } from 'kysely';
import type { MigrateOptions } from './migrate-options.ts';

/**
 * The file store's schema (Files API metadata; the bytes live in the blob store). Its own
 * bookkeeping tables, so it migrates independently of the other stores; dialect-neutral;
 * never edited once released.
 */
const migrations: Record<string, Migration> = {
  '0001_files': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('files')
        .ifNotExists()
        .addColumn('id', 'text', (column) => column.primaryKey())
        .addColumn('owner_id', 'text')
        .addColumn('filename', 'text', (column) => column.notNull())
        .addColumn('purpose', 'text', (column) => column.notNull())
        .addColumn('bytes', 'bigint', (column) => column.notNull())
        .addColumn('content_type', 'text', (column) => column.notNull())
        .addColumn('created_at', 'bigint', (column) => column.notNull())
        .addColumn('expires_at', 'bigint')
        .execute();
      await db.schema.createIndex('files_owner_created').ifNotExists().on('files').columns(['owner_id', 'created_at', 'id']).execute();
      await db.schema.createIndex('files_expires_at').ifNotExists().on('files').column('expires_at').execute();
    },
  },
};

export async function migrateFileStore(db: Kysely<unknown>, options: MigrateOptions = {}): Promise<void> {
  const migrator = new Migrator({
    db,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'file_store_migration',
    migrationLockTableName: 'file_store_migration_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error('Migrating the file store failed', { cause: error });
}
