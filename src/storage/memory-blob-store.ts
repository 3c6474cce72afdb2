import { assertValidBlobKey, assertValidBlobPrefix } from './blob-key.ts';
import type { BlobStore } from './blob-store.ts';

/** A {@link BlobStore} in process memory, for tests and throwaway servers. */
export interface MemoryBlobStore extends BlobStore {
  /** Every stored key, sorted. */
  keys(): string[];
}

export function createMemoryBlobStore(): MemoryBlobStore {
  const blobs = new Map<string, Uint8Array>();
  return {
    async put(key, bytes) {
      assertValidBlobKey(key);
      blobs.set(key, Uint8Array.from(bytes));
    },
    async get(key) {
      assertValidBlobKey(key);
      const bytes = blobs.get(key);
      return bytes === undefined ? undefined : Uint8Array.from(bytes);
    },
    async deletePrefix(prefix) {
      assertValidBlobPrefix(prefix);
      for (const key of [...blobs.keys()]) if (key.startsWith(prefix)) blobs.delete(key);
    },
    keys() {
      return [...blobs.keys()].sort();
    },
  };
}
