import { expect, it } from 'vitest';
import { runBlobStoreContract } from '../../test/kits/storage/blob-store.contract.ts';
import { createMemoryBlobStore } from './memory-blob-store.ts';

runBlobStoreContract({ name: 'memory', create: async () => createMemoryBlobStore() });

it('keeps its own copy of the bytes', async () => {
  const store = createMemoryBlobStore();
  const bytes = Uint8Array.from([1, 2, 3]);
  await store.put('k', bytes, 'application/octet-stream');
  bytes[0] = 9;
  expect(await store.get('k')).toEqual(Uint8Array.from([1, 2, 3]));
  expect(store.keys()).toEqual(['k']);
});
