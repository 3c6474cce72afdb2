import { randomBytes } from 'node:crypto';
import { createTestDatabase, describePostgres } from '../../../test/support/postgres-test-database.ts';
import { runFileStoreContract } from '../../../test/kits/storage/file-store.contract.ts';
import { createPostgresStores } from './create-postgres-stores.ts';

// One database for this file; every store set gets a fresh schema in it.
let database: Promise<string> | undefined;

describePostgres('PostgreSQL file store', () => {
  runFileStoreContract({
    name: 'postgres',
    create: async (blobStore, now) =>
      createPostgresStores({
        url: await (database ??= createTestDatabase()),
        schema: `s_${randomBytes(6).toString('hex')}`,
        blobStore,
        pepper: 'test-pepper',
        now,
        maxConnections: 2,
      }),
  });
});
