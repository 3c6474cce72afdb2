import { Migrator, type Kysely, type Migration } from 'kysely';
import type { MigrateOptions } from './migrate-options.ts';

/**
 * The background responses' event log and cancel requests (kysely-response-event-log.ts).
 * Its own migration table, apart from the other stores'; dialect-neutral; never edited once released.
 */
const migrations: Record<string, Migration> = {
  '0001_response_events': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('response_events')
        .ifNotExists()
        .addColumn('response_id', 'text', (column) => column.notNull())
        .addColumn('sequence_number', 'integer', (column) => column.notNull())
        .addColumn('type', 'text', (column) => column.notNull())
        .addColumn('event_json', 'text', (column) => column.notNull())
        .addColumn('blob_references_json', 'text', (column) => column.notNull())
        .addPrimaryKeyConstraint('response_events_pk', ['response_id', 'sequence_number'])
        .execute();
      await db.schema
        .createTable('response_cancels')
        .ifNotExists()
        .addColumn('response_id', 'text', (column) => column.primaryKey())
        .addColumn('requested_at', 'bigint', (column) => column.notNull())
        .execute();
    },
  },
};

export async function migrateResponseEventLog(db: Kysely<unknown>, options: MigrateOptions = {}): Promise<void> {
  const migrator = new Migrator({
    db,
    ...(options.schema === undefined ? {} : { migrationTableSchema: options.schema }),
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'response_events_migrations',
    migrationLockTableName: 'response_events_migrations_lock',
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw new Error('Migrating the response event log failed', { cause: error });
}
