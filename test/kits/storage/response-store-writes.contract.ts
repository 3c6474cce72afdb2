import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../../src/storage/blob-store.ts';
import { createMemoryBlobStore, type MemoryBlobStore } from '../../../src/storage/memory-blob-store.ts';
import type { BegunResponse, ResponseStore, StoredResponse } from '../../../src/storage/response-store.ts';
import type { ExecutedQuery } from '../../../src/storage/sql/query-log.ts';
import { sampleStoredResponse, textInputItem } from './response-store.fixtures.ts';

export interface ResponseStoreWritesContractOptions {
  name: string;
  /** Opens a new, empty store whose every statement (BEGIN and COMMIT included) goes to `onQuery`. */
  create: (blobStore: BlobStore, onQuery: (query: ExecutedQuery) => void) => Promise<ResponseStore>;
  /**
   * The statements of a response's first save, in order: the SQL's leading words, lower-cased
   * (e.g. `insert into "responses"`). One engine writes in one transaction, another in one statement.
   */
  firstSave: string[];
}

const begun = (id = 'resp_1'): BegunResponse => ({ id, ownerId: 'tenant_a', previousResponseId: null, createdAt: 1_700_000_000, model: 'gpt-4.1' });

/** A text answer as the bench sends it: one input message, one output message, no image. */
function textResponse(id = 'resp_1'): StoredResponse {
  const record = sampleStoredResponse({ id });
  record.response.output = [{ id: `msg_out_${id}`, type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: '570', annotations: [] }] }];
  record.inputItems = [textInputItem(`msg_in_${id}`, 'What is 57 times 10?')];
  return record;
}

/** How many statements a stored response costs, the same on every engine; call it from the engine's test file. */
export function runResponseStoreWritesContract({ name, create, firstSave }: ResponseStoreWritesContractOptions): void {
  describe(`${name} — writes per stored response`, () => {
    let blobStore: MemoryBlobStore;
    let store: ResponseStore;
    let queries: ExecutedQuery[];
    /** The statements since the last call, by their first words. */
    const taken = (words = 3): string[] => queries.splice(0).map((query) => query.sql.trim().split(/\s+/).slice(0, words).join(' ').toLowerCase());

    beforeEach(async () => {
      blobStore = createMemoryBlobStore();
      queries = [];
      store = await create(blobStore, (query) => queries.push(query));
      queries = [];
    });
    afterEach(async () => {
      await store.close();
    });

    it('begin is ONE insert, and the save after it ONE write of the row and its item index: nothing read, deleted or written twice', async () => {
      await store.begin(begun());
      expect(taken()).toEqual(['insert into "responses"']);
      const record = textResponse();
      await store.save(structuredClone(record));
      expect(taken()).toEqual(firstSave);
      expect(await store.get('resp_1', 'tenant_a')).toEqual(record);
    });

    it('serializes the stored Response once: its JSON is bound to exactly one parameter of one statement', async () => {
      await store.begin(begun());
      queries = [];
      const record = textResponse();
      await store.save(structuredClone(record));
      const bound = queries.flatMap((query) => query.parameters).filter((parameter) => typeof parameter === 'string' && parameter.includes('"570"'));
      expect(bound).toEqual([JSON.stringify(record.response)]);
    });

    it('a new id saved without begin is the same one write', async () => {
      await store.save(textResponse('resp_new'));
      expect(taken()).toEqual(firstSave);
    });

    it('a begun response reads back in progress, without output or input items, until saved; then as saved', async () => {
      await store.begin({ ...begun(), previousResponseId: 'resp_0' });
      const running = await store.get('resp_1', 'tenant_a');
      expect(running).toEqual({
        id: 'resp_1',
        ownerId: 'tenant_a',
        previousResponseId: 'resp_0',
        createdAt: 1_700_000_000,
        response: { id: 'resp_1', object: 'response', created_at: 1_700_000_000, status: 'in_progress', model: 'gpt-4.1', previous_response_id: 'resp_0', output: [] },
        inputItems: [],
      });
      expect(await store.get('resp_1', 'tenant_b')).toBeUndefined();
      expect(await store.listByStatus('in_progress')).toEqual([{ id: 'resp_1', ownerId: 'tenant_a' }]);
      expect(await store.listInputItems('resp_1', 'tenant_a', { limit: 20, order: 'asc' })).toEqual({ data: [], hasMore: false });

      const record = sampleStoredResponse();
      await store.save(structuredClone(record));
      expect(await store.get('resp_1', 'tenant_a')).toEqual(record);
      expect(await store.listByStatus('in_progress')).toEqual([]);
      expect((await store.findItem('msg_in_resp_1', 'tenant_a'))?.responseId).toBe('resp_1');
      // The save's images went to blobs as on any save, and only once.
      expect(blobStore.keys()).toHaveLength(2);
    });

    it('begin never overwrites a saved response', async () => {
      const record = sampleStoredResponse();
      await store.save(structuredClone(record));
      await store.begin(begun());
      expect(await store.get('resp_1', 'tenant_a')).toEqual(record);
    });

    it('saving again over a saved response still replaces its item index and drops its old blobs', async () => {
      await store.begin(begun());
      await store.save(sampleStoredResponse());
      const again = sampleStoredResponse({ seed: 7 });
      again.inputItems = [textInputItem('msg_other')];
      await store.save(structuredClone(again));
      expect(await store.get('resp_1', 'tenant_a')).toEqual(again);
      expect(await store.findItem('msg_in_resp_1', 'tenant_a')).toBeUndefined();
      expect((await store.findItem('msg_other', 'tenant_a'))?.responseId).toBe('resp_1');
      expect(blobStore.keys()).toHaveLength(1);
    });

    it('a begun response that fails later (reconciliation) is saved over its journal row like any first save', async () => {
      await store.begin(begun());
      const running = await store.get('resp_1', 'tenant_a');
      if (running === undefined) throw new Error('begun response not found');
      queries = [];
      await store.save({ ...running, response: { ...running.response, status: 'failed', error: { code: 'server_error', message: 'stopped' } } });
      // No items to index here; still nothing read, deleted or replaced.
      const statements = taken();
      expect(statements.length).toBeGreaterThan(0);
      expect(statements.filter((statement) => !firstSave.includes(statement))).toEqual([]);
      expect((await store.get('resp_1', 'tenant_a'))?.response).toMatchObject({ status: 'failed', error: { code: 'server_error' } });
      expect(await store.listByStatus('in_progress')).toEqual([]);
    });
  });
}
