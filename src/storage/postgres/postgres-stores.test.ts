import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createTestDatabase, describePostgres } from '../../../test/support/postgres-test-database.ts';
import type { BlobStore } from '../blob-store.ts';
import { runConversationStoreContract } from '../../../test/kits/storage/conversation-store.contract.ts';
import { runBudgetStoreContract } from '../../../test/kits/storage/budget-store.contract.ts';
import { runKeyStoreContract } from '../../../test/kits/storage/key-store.contract.ts';
import { createMemoryBlobStore } from '../memory-blob-store.ts';
import { runResponseEventLogContract } from '../../../test/kits/storage/response-event-log.contract.ts';
import { runResponseStoreContract } from '../../../test/kits/storage/response-store.contract.ts';
import { runResponseStoreWritesContract } from '../../../test/kits/storage/response-store-writes.contract.ts';
import type { ExecutedQuery } from '../sql/query-log.ts';
import { runScaleOutContract } from '../../../test/kits/storage/scale-out-stores.contract.ts';
import type { StorageDatabase } from '../sql/storage-database.ts';
import { runUsageStoreContract } from '../../../test/kits/storage/usage-store.contract.ts';
import { createPostgresStores } from './create-postgres-stores.ts';
import { migratePostgres } from './migrate-postgres.ts';
import { openPostgresKysely } from './open-postgres-kysely.ts';

// One database for this file; every store set gets a fresh schema in it.
let database: Promise<string> | undefined;
const open = async (options: { now?: () => number; blobStore?: BlobStore; onQuery?: (query: ExecutedQuery) => void } = {}) =>
  createPostgresStores({
    url: await (database ??= createTestDatabase()),
    schema: `s_${randomBytes(6).toString('hex')}`,
    blobStore: options.blobStore ?? createMemoryBlobStore(),
    pepper: 'test-pepper',
    now: options.now,
    maxConnections: 4,
    onQuery: options.onQuery,
  });

describePostgres('PostgreSQL stores', () => {
  runResponseStoreContract({ name: 'postgres', create: async (blobStore) => (await open({ blobStore })).responses });
  runResponseStoreWritesContract({
    name: 'postgres',
    create: async (blobStore, onQuery) => (await open({ blobStore, onQuery })).responses,
    // One round trip: the row and its item index in one statement, no BEGIN/COMMIT.
    firstSave: ['with saved as'],
  });
  runKeyStoreContract({ name: 'postgres', create: (now) => open({ now }) });
  runBudgetStoreContract({ name: 'postgres lock-key-row', create: (now) => open({ now }) });
  runUsageStoreContract({ name: 'postgres', create: () => open() });
  runConversationStoreContract({ name: 'postgres', create: (blobStore) => open({ blobStore }) });
  runResponseEventLogContract({
    name: 'postgres',
    create: async () => {
      const db = await openPostgresKysely({ url: await (database ??= createTestDatabase()), schema: `s_${randomBytes(6).toString('hex')}`, maxConnections: 2 });
      await migratePostgres(db);
      return { db, close: () => db.destroy() };
    },
  });
  runScaleOutContract({
    name: 'postgres',
    create: async () => {
      const options = { url: await (database ??= createTestDatabase()), schema: `s_${randomBytes(6).toString('hex')}`, maxConnections: 5 };
      const opened: Kysely<StorageDatabase>[] = [];
      const connect = async () => {
        const db = await openPostgresKysely(options);
        opened.push(db);
        return db;
      };
      await migratePostgres(await connect());
      return { serialization: 'lock-key-row', writeMode: 'single-statement', connect, close: async () => void (await Promise.all(opened.map((db) => db.destroy()))) };
    },
  });
});
