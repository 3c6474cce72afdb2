import { beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../../src/storage/blob-store.ts';

export interface BlobStoreContractOptions {
  name: string;
  /** Opens a new, empty blob store. */
  create: () => Promise<BlobStore>;
}

const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
const textOf = (bytes: Uint8Array | undefined): string | undefined =>
  bytes === undefined ? undefined : new TextDecoder().decode(bytes);

/** The behaviour every BlobStore backend must show; call it from the backend's test file. */
export function runBlobStoreContract({ name, create }: BlobStoreContractOptions): void {
  describe(`${name} — BlobStore contract`, () => {
    let store: BlobStore;

    beforeEach(async () => {
      store = await create();
    });

    it('reads back what was put, and replaces on a second put', async () => {
      await store.put('responses/resp_1/rev/0.png', bytesOf('first'), 'image/png');
      expect(textOf(await store.get('responses/resp_1/rev/0.png'))).toBe('first');
      await store.put('responses/resp_1/rev/0.png', bytesOf('second'), 'image/png');
      expect(textOf(await store.get('responses/resp_1/rev/0.png'))).toBe('second');
    });

    it('answers undefined for a missing key, including a folder', async () => {
      await store.put('a/b/c.bin', bytesOf('x'), 'application/octet-stream');
      expect(await store.get('a/b/missing.bin')).toBeUndefined();
      expect(await store.get('a/b')).toBeUndefined();
      expect(await store.get('never/there')).toBeUndefined();
    });

    it('deletes by plain string prefix', async () => {
      for (const key of ['r/resp_1/0.png', 'r/resp_1/x/1.png', 'r/resp_12/0.png', 'r/resp_2/0.png', 'r/resp_1a']) {
        await store.put(key, bytesOf(key), 'image/png');
      }
      await store.deletePrefix('r/resp_1/');
      expect(await store.get('r/resp_1/0.png')).toBeUndefined();
      expect(await store.get('r/resp_1/x/1.png')).toBeUndefined();
      expect(textOf(await store.get('r/resp_12/0.png'))).toBe('r/resp_12/0.png');
      expect(textOf(await store.get('r/resp_1a'))).toBe('r/resp_1a');
      await store.deletePrefix('r/resp_1');
      expect(await store.get('r/resp_12/0.png')).toBeUndefined();
      expect(await store.get('r/resp_1a')).toBeUndefined();
      expect(textOf(await store.get('r/resp_2/0.png'))).toBe('r/resp_2/0.png');
      await store.deletePrefix('nothing/here/');
    });

    it.each(['', '/abs', '../up', 'a/../b', 'a//b', 'a/./b', 'a\\b', '.hidden', 'a/', 'a b', 'a/%2e%2e'])(
      'refuses the key %j',
      async (key) => {
        await expect(store.put(key, bytesOf('x'), 'text/plain')).rejects.toThrow(TypeError);
        await expect(store.get(key)).rejects.toThrow(TypeError);
      },
    );

    it.each(['', '/', '/abs/', '../', 'a/../'])('refuses the prefix %j', async (prefix) => {
      await expect(store.deletePrefix(prefix)).rejects.toThrow(TypeError);
    });
  });
}
