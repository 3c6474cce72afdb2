import { runConversationStoreContract } from '../../../test/kits/storage/conversation-store.contract.ts';
import { createSqliteStores } from './create-sqlite-stores.ts';

runConversationStoreContract({
  name: 'sqlite :memory:',
  create: (blobStore) => createSqliteStores({ file: ':memory:', blobStore, pepper: 'test-pepper' }),
});
