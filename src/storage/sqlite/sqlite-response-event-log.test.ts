import type { Kysely } from 'kysely';
import { runResponseEventLogContract } from '../../../test/kits/storage/response-event-log.contract.ts';
import { migrateResponseEventLog } from '../sql/response-event-migrations.ts';
import type { StorageDatabase } from '../sql/storage-database.ts';
import { openSqliteKysely } from './open-sqlite-kysely.ts';

runResponseEventLogContract({
  name: 'sqlite',
  create: async () => {
    const db: Kysely<StorageDatabase> = openSqliteKysely({ file: ':memory:' });
    await migrateResponseEventLog(db as unknown as Kysely<unknown>);
    return { db, close: () => db.destroy() };
  },
});
