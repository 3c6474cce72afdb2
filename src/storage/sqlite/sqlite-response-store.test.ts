import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFsBlobStore } from '../fs-blob-store.ts';
import { MissingBlobError } from '../missing-blob-error.ts';
import { runResponseStoreContract } from '../../../test/kits/storage/response-store.contract.ts';
import { sampleStoredResponse } from '../../../test/kits/storage/response-store.fixtures.ts';
import { runResponseStoreWritesContract } from '../../../test/kits/storage/response-store-writes.contract.ts';
import { createSqliteResponseStore } from './create-sqlite-response-store.ts';

runResponseStoreContract({
  name: 'sqlite :memory:',
  create: (blobStore) => createSqliteResponseStore({ file: ':memory:', blobStore }),
});

runResponseStoreWritesContract({
  name: 'sqlite :memory:',
  create: (blobStore, onQuery) => createSqliteResponseStore({ file: ':memory:', blobStore, onQuery }),
  // In-process statements: one transaction holds the row and its item index.
  firstSave: ['begin', 'insert into "responses"', 'insert into "response_items"', 'commit'],
});

describe('sqlite response store on disk', () => {
  let folder: string;
  let databaseFile: string;
  let blobRoot: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'imagegate-sqlite-'));
    databaseFile = join(folder, 'responses.db');
    blobRoot = join(folder, 'blobs');
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const open = () =>
    createSqliteResponseStore({
      file: databaseFile,
      blobStore: createFsBlobStore({ rootDir: blobRoot }),
      generateRevision: () => 'rev1',
    });

  it('keeps images out of the SQL rows', async () => {
    const store = await open();
    await store.save(sampleStoredResponse());
    await store.close();

    const database = new Database(databaseFile, { readonly: true });
    try {
      const rows = database.prepare('SELECT * FROM responses').all() as Record<string, unknown>[];
      expect(rows).toHaveLength(1);
      const text = JSON.stringify(rows);
      expect(text).not.toMatch(/[A-Za-z0-9+/=]{1000,}/);
      // Only the data URL's header is kept (in the references), never its payload.
      expect(String(rows[0]?.input_items_json)).not.toContain('base64,');
      expect(String(rows[0]?.response_json)).toContain('"result":{"$blob":"responses/resp_1/rev1/0.png"}');
      const items = database.prepare('SELECT item_id, source, position, item_type FROM response_items ORDER BY item_id').all();
      expect(items).toEqual([
        { item_id: 'ig_resp_1', source: 'output', position: 0, item_type: 'image_generation_call' },
        { item_id: 'msg_in_resp_1', source: 'input', position: 0, item_type: 'message' },
        { item_id: 'msg_out_resp_1', source: 'output', position: 1, item_type: 'message' },
      ]);
    } finally {
      database.close();
    }
    expect((await readdir(join(blobRoot, 'responses', 'resp_1', 'rev1'))).sort()).toEqual(['0.png', '1.png']);
  });

  it('persists across close and reopen', async () => {
    const record = sampleStoredResponse();
    const first = await open();
    await first.save(structuredClone(record));
    await first.close();

    const second = await open();
    try {
      expect(await second.get('resp_1', 'tenant_a')).toEqual(record);
      expect((await second.findItem('ig_resp_1', 'tenant_a'))?.item).toEqual((record.response.output as unknown[])[0]);
      expect(await second.delete('resp_1', 'tenant_a')).toBe(true);
    } finally {
      await second.close();
    }
    expect(await readdir(join(blobRoot, 'responses'))).toEqual([]);
  });

  it('reports a blob lost behind its back instead of returning a broken response', async () => {
    const store = await open();
    try {
      await store.save(sampleStoredResponse());
      await rm(join(blobRoot, 'responses', 'resp_1', 'rev1', '0.png'));
      await expect(store.get('resp_1', 'tenant_a')).rejects.toThrow(MissingBlobError);
      expect((await store.findItem('msg_in_resp_1', 'tenant_a'))?.responseId).toBe('resp_1');
    } finally {
      await store.close();
    }
  });

  it('checks what it reads: a row that is no longer a Response (or whose input items are not items) is refused, not answered', async () => {
    const store = await open();
    try {
      await store.save(sampleStoredResponse());
      await store.save(sampleStoredResponse({ id: 'resp_2' }));
      const database = new Database(databaseFile);
      try {
        database.prepare("UPDATE responses SET response_json = json_set(response_json, '$.status', 42) WHERE id = 'resp_1'").run();
        database.prepare("UPDATE responses SET input_items_json = json_set(input_items_json, '$[0].role', 'robot') WHERE id = 'resp_2'").run();
      } finally {
        database.close();
      }
      await expect(store.get('resp_1', 'tenant_a')).rejects.toThrow('Stored response resp_1 is not a Response object');
      await expect(store.get('resp_2', 'tenant_a')).rejects.toThrow('Stored input items of resp_2 are not conversation items');
      await expect(store.listInputItems('resp_2', 'tenant_a', { limit: 10, order: 'asc' })).rejects.toThrow(TypeError);
    } finally {
      await store.close();
    }
  });

  it('uses WAL and records its migration once', async () => {
    await (await open()).close();
    await (await open()).close();
    const database = new Database(databaseFile, { readonly: true });
    try {
      expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
      const applied = database.prepare('SELECT name FROM response_store_migration').all();
      expect(applied).toEqual([{ name: '0001_create_responses' }, { name: '0002_response_status' }]);
    } finally {
      database.close();
    }
  });
});
