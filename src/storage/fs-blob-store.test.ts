import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBlobStoreContract } from '../../test/kits/storage/blob-store.contract.ts';
import { createFsBlobStore } from './fs-blob-store.ts';

const folders: string[] = [];
const newRoot = async (): Promise<string> => {
  const folder = await mkdtemp(join(tmpdir(), 'imagegate-blobs-'));
  folders.push(folder);
  return folder;
};

afterAll(async () => {
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

runBlobStoreContract({ name: 'file system', create: async () => createFsBlobStore({ rootDir: await newRoot() }) });

describe('fs blob store', () => {
  it('writes one file per key under the root and leaves no temporary files', async () => {
    const root = await newRoot();
    const store = createFsBlobStore({ rootDir: root });
    await store.put('responses/resp_1/rev/0.png', Uint8Array.from([1, 2, 3]), 'image/png');
    await store.put('responses/resp_1/rev/0.png', Uint8Array.from([4, 5]), 'image/png');
    expect(await readdir(join(root, 'responses', 'resp_1', 'rev'))).toEqual(['0.png']);
    expect([...(await readFile(join(root, 'responses', 'resp_1', 'rev', '0.png')))]).toEqual([4, 5]);
  });

  it('never writes outside the root', async () => {
    const parent = await newRoot();
    const store = createFsBlobStore({ rootDir: join(parent, 'root') });
    await expect(store.put('../escaped', Uint8Array.from([1]), 'text/plain')).rejects.toThrow(TypeError);
    expect(await readdir(parent)).toEqual([]);
  });
});
