import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config/config-schema.ts';
import { migratePostgres } from '../storage/postgres/migrate-postgres.ts';
import { isPostgresUrl, openPostgresKysely } from '../storage/postgres/open-postgres-kysely.ts';
import { migrateConversationStore } from '../storage/sql/conversation-store-migrations.ts';
import { migrateAccountingStore } from '../storage/sql/accounting-store-migrations.ts';
import { migrateInstanceStore } from '../storage/sql/instance-migrations.ts';
import { migrateResponseStore } from '../storage/sql/response-store-migrations.ts';
import { migrateOrDestroy } from '../storage/sqlite/create-sqlite-response-store.ts';
import { openSqliteKysely } from '../storage/sqlite/open-sqlite-kysely.ts';
import { withoutPassword } from './open-storage.ts';

/** Applies every pending migration to the configured database; returns what it migrated, for people. */
export async function migrateDatabase(config: Config): Promise<string> {
  const database = config.storage.database;
  if (database !== undefined && isPostgresUrl(database)) {
    const db = await openPostgresKysely({ url: database, maxConnections: 1 });
    try {
      await migratePostgres(db);
    } finally {
      await db.destroy();
    }
    return `PostgreSQL ${withoutPassword(database)}`;
  }
  const file = resolve(database ?? join(config.dataDir, 'imagegate.sqlite'));
  mkdirSync(dirname(file), { recursive: true });
  const db = openSqliteKysely({ file });
  await migrateOrDestroy(db, migrateResponseStore, migrateAccountingStore, migrateInstanceStore, migrateConversationStore);
  await db.destroy();
  return `SQLite ${file}`;
}
