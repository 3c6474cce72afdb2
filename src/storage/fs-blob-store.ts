import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { assertValidBlobKey, assertValidBlobPrefix } from './blob-key.ts';
import type { BlobStore } from './blob-store.ts';

export interface FsBlobStoreOptions {
  /** Folder holding the blobs, one file per key; created on first write. */
  rootDir: string;
}

/**
 * A {@link BlobStore} on the local file system. Writes go to a temporary file that is flushed
 * to disk and then renamed over the key, so readers see the old bytes or the new ones, and a
 * blob written before a database commit survives a power loss with it. The content type is
 * not kept: readers learn it from the JSON that references the blob.
 */
export function createFsBlobStore(options: FsBlobStoreOptions): BlobStore {
  const rootDir = resolve(options.rootDir);
  const pathOf = (relative: string): string => join(rootDir, ...relative.split('/').filter(Boolean));

  return {
    async put(key, bytes) {
      assertValidBlobKey(key);
      const target = pathOf(key);
      const folder = dirname(target);
      await mkdir(folder, { recursive: true });
      // Key segments never start with a dot, so temporary names cannot collide with keys.
      const temporary = join(folder, `.${randomBytes(8).toString('hex')}.tmp`);
      try {
        const handle = await open(temporary, 'wx');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      await syncFolder(folder);
    },

    async get(key) {
      assertValidBlobKey(key);
      try {
        const bytes = await readFile(pathOf(key));
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        if (hasCode(error, 'ENOENT', 'EISDIR', 'ENOTDIR')) return undefined;
        throw error;
      }
    },

    async deletePrefix(prefix) {
      assertValidBlobPrefix(prefix);
      const slash = prefix.lastIndexOf('/');
      const folder = pathOf(prefix.slice(0, slash + 1));
      const namePrefix = prefix.slice(slash + 1);
      if (namePrefix === '') {
        await rm(folder, { recursive: true, force: true });
        return;
      }
      let names: string[];
      try {
        names = await readdir(folder);
      } catch (error) {
        if (hasCode(error, 'ENOENT', 'ENOTDIR')) return;
        throw error;
      }
      const doomed = names.filter((name) => name.startsWith(namePrefix));
      await Promise.all(doomed.map((name) => rm(join(folder, name), { recursive: true, force: true })));
    },
  };
}

/** Makes the rename itself durable. Not every platform can open a folder for syncing (Windows). */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort only; the file contents are already on disk.
  }
}

function hasCode(error: unknown, ...codes: string[]): boolean {
  return error instanceof Error && 'code' in error && codes.includes(String(error.code));
}
