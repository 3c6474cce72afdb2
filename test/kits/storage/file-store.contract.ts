import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FileStore, StoredFile } from '../../../src/storage/file-store.ts';
import { createMemoryBlobStore, type MemoryBlobStore } from '../../../src/storage/memory-blob-store.ts';

export interface FileStoreContractOptions {
  name: string;
  /** A new, empty store over `blobStore`, reading the clock through `now` (Unix milliseconds). */
  create: (blobStore: MemoryBlobStore, now: () => number) => Promise<{ files: FileStore; close(): Promise<void> }>;
}

const T0 = Date.parse('2026-03-01T00:00:00Z');

function storedFile(id: string, overrides: Partial<StoredFile> = {}): StoredFile {
  return { id, ownerId: 'key_a', filename: `${id}.png`, purpose: 'vision', bytes: 3, contentType: 'image/png', createdAtMillis: T0, expiresAtMillis: null, ...overrides };
}

/** What every FileStore backend must do; call it from the backend's test file. */
export function runFileStoreContract({ name, create }: FileStoreContractOptions): void {
  describe(`${name} — FileStore contract`, () => {
    let blobs: MemoryBlobStore;
    let clock: number;
    let opened: { files: FileStore; close(): Promise<void> };
    let files: FileStore;
    beforeEach(async () => {
      blobs = createMemoryBlobStore();
      clock = T0;
      opened = await create(blobs, () => clock);
      files = opened.files;
    });
    afterEach(async () => opened.close());

    it('keeps the metadata in rows and the exact bytes in the blob store, for the owner only', async () => {
      const content = Uint8Array.from([0, 255, 7, 1]);
      const file = storedFile('file-a1', { bytes: 4, expiresAtMillis: T0 + 3_600_000 });
      await files.create(file, content);
      expect(blobs.keys()).toEqual(['files/file-a1/content']);
      expect(await files.get('file-a1', 'key_a')).toEqual(file);
      expect(await files.read('file-a1', 'key_a')).toEqual({ file, content });
      expect(await files.get('file-a1', 'key_b')).toBeUndefined();
      expect(await files.get('file-a1', null)).toBeUndefined();
      expect(await files.read('file-a1', 'key_b')).toBeUndefined();
      expect(await files.delete('file-a1', 'key_b')).toBe(false);
      expect(await files.get('file-a1', 'key_a')).toEqual(file);
    });

    it('owner null sees only files without an owner', async () => {
      await files.create(storedFile('file-n', { ownerId: null }), Uint8Array.from([1, 2, 3]));
      expect(await files.get('file-n', null)).toMatchObject({ id: 'file-n', ownerId: null });
      expect(await files.get('file-n', 'key_a')).toBeUndefined();
      expect((await files.list(null, { limit: 10, order: 'desc' })).data.map((file) => file.id)).toEqual(['file-n']);
    });

    it('lists newest first by default order, pages with after, filters by purpose', async () => {
      for (const [index, id] of ['file-1', 'file-2', 'file-3', 'file-4'].entries()) {
        await files.create(storedFile(id, { createdAtMillis: T0 + index * 1000, purpose: index === 2 ? 'user_data' : 'vision' }), Uint8Array.from([index]));
      }
      await files.create(storedFile('file-other', { ownerId: 'key_b' }), Uint8Array.from([9]));
      const ids = (page: { data: StoredFile[] }) => page.data.map((file) => file.id);
      const first = await files.list('key_a', { limit: 2, order: 'desc' });
      expect(ids(first)).toEqual(['file-4', 'file-3']);
      expect(first.hasMore).toBe(true);
      const second = await files.list('key_a', { limit: 2, order: 'desc', after: 'file-3' });
      expect(ids(second)).toEqual(['file-2', 'file-1']);
      expect(second.hasMore).toBe(false);
      expect(ids(await files.list('key_a', { limit: 10, order: 'asc', after: 'file-2' }))).toEqual(['file-3', 'file-4']);
      expect(ids(await files.list('key_a', { limit: 10, order: 'asc', purpose: 'user_data' }))).toEqual(['file-3']);
      expect(ids(await files.list('key_a', { limit: 10, order: 'asc', after: 'file-other' }))).toEqual([]);
    });

    it('delete removes the row and the bytes', async () => {
      await files.create(storedFile('file-d'), Uint8Array.from([1, 2, 3]));
      expect(await files.delete('file-d', 'key_a')).toBe(true);
      expect(await files.get('file-d', 'key_a')).toBeUndefined();
      expect(blobs.keys()).toEqual([]);
      expect(await files.delete('file-d', 'key_a')).toBe(false);
    });

    it('an expired file reads as absent, and the next write removes its bytes', async () => {
      await files.create(storedFile('file-e', { expiresAtMillis: T0 + 3_600_000 }), Uint8Array.from([1, 2, 3]));
      clock = T0 + 3_600_000;
      expect(await files.get('file-e', 'key_a')).toBeUndefined();
      expect(await files.read('file-e', 'key_a')).toBeUndefined();
      expect((await files.list('key_a', { limit: 10, order: 'desc' })).data).toEqual([]);
      expect(await files.delete('file-e', 'key_a')).toBe(false);
      await files.create(storedFile('file-f', { createdAtMillis: clock }), Uint8Array.from([4]));
      expect(blobs.keys()).toEqual(['files/file-f/content']);
    });
  });
}
