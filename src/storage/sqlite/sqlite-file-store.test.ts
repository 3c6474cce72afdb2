import { runFileStoreContract } from '../../../test/kits/storage/file-store.contract.ts';
import { createSqliteStores } from './create-sqlite-stores.ts';

runFileStoreContract({
  name: 'sqlite',
  create: async (blobStore, now) => createSqliteStores({ file: ':memory:', blobStore, pepper: 'test-pepper', now }),
});
