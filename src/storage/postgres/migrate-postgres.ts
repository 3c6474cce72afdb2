import { sql, type Kysely } from 'kysely';
import { migrateConversationStore } from '../sql/conversation-store-migrations.ts';
import { migrateAccountingStore } from '../sql/accounting-store-migrations.ts';
import { migrateInstanceStore } from '../sql/instance-migrations.ts';
import { migrateResponseStore } from '../sql/response-store-migrations.ts';
import type { StorageDatabase } from '../sql/storage-database.ts';

/** `pg_advisory_lock` key of imagegate's migrations ("imgm"), the same in every instance. */
const migrationLockKey = 0x696d676d;

/**
 * Applies every pending migration, once, however many instances start together: they queue on
 * one session advisory lock, and each migrator then finds the work done. Holds one connection
 * of the pool throughout, so the lock and the migrations share a session.
 */
export async function migratePostgres(db: Kysely<StorageDatabase>): Promise<void> {
  await db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${migrationLockKey})`.execute(connection);
    try {
      const unknownDb = connection as unknown as Kysely<unknown>;
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(connection);
      const schema = rows[0]?.schema;
      if (schema === undefined) throw new Error('No current schema: set search_path (or the schema option) to an existing schema');
      await migrateResponseStore(unknownDb, { schema });
      await migrateAccountingStore(unknownDb, { schema });
      await migrateInstanceStore(unknownDb, { schema });
      await migrateConversationStore(unknownDb, { schema });
    } finally {
      await sql`select pg_advisory_unlock(${migrationLockKey})`.execute(connection);
    }
  });
}
