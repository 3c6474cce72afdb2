import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../../src/storage/blob-store.ts';
import { createMemoryBlobStore, type MemoryBlobStore } from '../../../src/storage/memory-blob-store.ts';
import { fakePngBase64, sampleStoredResponse, textInputItem } from './response-store.fixtures.ts';
import type { ResponseStore, StoredResponse } from '../../../src/storage/response-store.ts';
import type { ConversationItem } from '../../../src/responses/conversation/conversation-item.ts';
import { readStoredInputItem } from '../../../src/storage/stored-response-schema.ts';

export interface ResponseStoreContractOptions {
  name: string;
  /** Opens a new, empty store that keeps its blobs in `blobStore`. */
  create: (blobStore: BlobStore) => Promise<ResponseStore>;
}

/** The behaviour every ResponseStore backend must show; call it from the backend's test file. */
export function runResponseStoreContract({ name, create }: ResponseStoreContractOptions): void {
  describe(`${name} — ResponseStore contract`, () => {
    let blobStore: MemoryBlobStore;
    let store: ResponseStore;

    beforeEach(async () => {
      blobStore = createMemoryBlobStore();
      store = await create(blobStore);
    });

    afterEach(async () => {
      await store.close();
    });

    const withInputs = (ids: string[]): StoredResponse => ({ ...sampleStoredResponse(), inputItems: ids.map((id) => textInputItem(id)) });

    it('returns exactly what was saved, images included, with images kept as blobs', async () => {
      const record = sampleStoredResponse();
      await store.save(structuredClone(record));
      expect(await store.get('resp_1', 'tenant_a')).toEqual(record);
      expect(blobStore.keys()).toHaveLength(2);
      expect(blobStore.keys().every((key) => key.startsWith('responses/resp_1/'))).toBe(true);
    });

    it('keeps odd strings exactly: non-canonical base64, other data URLs, $blob and __proto__ keys', async () => {
      const record = sampleStoredResponse();
      const odd = JSON.parse('{"__proto__": {"kept": true}, "$blob": "responses/resp_1/0.png"}') as Record<string, unknown>;
      record.response.output = [
        { id: 'ig_a', type: 'image_generation_call', status: 'completed', result: 'iVBORw0KGgo' },
        { id: 'ig_b', type: 'image_generation_call', status: 'completed', result: `${fakePngBase64(999)}\n` },
      ];
      record.response.odd = odd;
      record.inputItems = [
        {
          id: 'msg_x',
          type: 'message',
          role: 'user',
          content: [
            { type: 'input_image', image_url: `data:image/svg+xml,${'%3Csvg%3E'.repeat(300)}` },
            { type: 'input_image', image_url: `DATA:image/png;BASE64,${fakePngBase64(500)}` },
            { type: 'input_image', image_url: `data:image/png;name=a.png;base64,${fakePngBase64(500)}` },
            { type: 'input_image', image_url: 'data:image/png;base64,' },
          ],
        },
      ];
      await store.save(structuredClone(record));
      const read = await store.get('resp_1', 'tenant_a');
      expect(JSON.stringify(read?.response)).toBe(JSON.stringify(record.response));
      expect(JSON.stringify(read?.inputItems)).toBe(JSON.stringify(record.inputItems));
      expect(Object.getPrototypeOf(read?.response.odd)).toBe(Object.prototype);
    });

    it('does not change the record it saves', async () => {
      const record = sampleStoredResponse();
      const copy = structuredClone(record);
      await store.save(record);
      expect(record).toEqual(copy);
    });

    it('isolates owners', async () => {
      await store.save(sampleStoredResponse({ ownerId: 'tenant_a' }));
      await store.save(sampleStoredResponse({ id: 'resp_null', ownerId: null }));
      expect(await store.get('resp_1', 'tenant_b')).toBeUndefined();
      expect(await store.get('resp_1', null)).toBeUndefined();
      expect(await store.get('resp_null', 'tenant_a')).toBeUndefined();
      expect((await store.get('resp_null', null))?.ownerId).toBeNull();
      expect(await store.findItem('ig_resp_1', 'tenant_b')).toBeUndefined();
      expect(await store.findItem('ig_resp_1', null)).toBeUndefined();
      expect(await store.listInputItems('resp_1', 'tenant_b', { limit: 20, order: 'asc' })).toBeUndefined();
      expect(await store.delete('resp_1', 'tenant_b')).toBe(false);
      expect(await store.delete('resp_1', null)).toBe(false);
      expect(await store.get('resp_1', 'tenant_a')).toBeDefined();
    });

    it('deletes the row, its item index and its blobs, sparing ids that share a prefix', async () => {
      await store.save(sampleStoredResponse({ id: 'resp_1' }));
      await store.save(sampleStoredResponse({ id: 'resp_12' }));
      expect(await store.delete('resp_1', 'tenant_a')).toBe(true);
      expect(await store.get('resp_1', 'tenant_a')).toBeUndefined();
      expect(await store.findItem('ig_resp_1', 'tenant_a')).toBeUndefined();
      expect(await store.findItem('msg_in_resp_1', 'tenant_a')).toBeUndefined();
      expect(await store.listInputItems('resp_1', 'tenant_a', { limit: 20, order: 'asc' })).toBeUndefined();
      expect(blobStore.keys().some((key) => key.startsWith('responses/resp_1/'))).toBe(false);
      expect(await store.delete('resp_1', 'tenant_a')).toBe(false);
      expect(await store.get('resp_12', 'tenant_a')).toEqual(sampleStoredResponse({ id: 'resp_12' }));
    });

    it('replaces on a second save without leaking blobs', async () => {
      await store.save(sampleStoredResponse({ seed: 1 }));
      const keysAfterFirst = blobStore.keys().length;
      const second = sampleStoredResponse({ seed: 2 });
      second.response.status = 'cancelled';
      await store.save(structuredClone(second));
      await store.save(structuredClone(second));
      expect(await store.get('resp_1', 'tenant_a')).toEqual(second);
      expect(blobStore.keys()).toHaveLength(keysAfterFirst);
    });

    it('finds output and input items by id, rehydrated', async () => {
      const record = sampleStoredResponse();
      await store.save(structuredClone(record));
      expect(await store.findItem('ig_resp_1', 'tenant_a')).toEqual({ responseId: 'resp_1', item: record.response.output && (record.response.output as unknown[])[0] });
      expect(await store.findItem('msg_in_resp_1', 'tenant_a')).toEqual({ responseId: 'resp_1', item: record.inputItems[0] });
      expect(await store.findItem('msg_out_resp_1', 'tenant_a')).toMatchObject({ responseId: 'resp_1' });
      expect(await store.findItem('ig_missing', 'tenant_a')).toBeUndefined();
    });

    it('prefers the response that produced an item over one that got it as input', async () => {
      const first = sampleStoredResponse({ id: 'resp_b' });
      const produced = readStoredInputItem(first.response.output[0], 'resp_b');
      const follower: StoredResponse = { ...sampleStoredResponse({ id: 'resp_a' }), createdAt: 1_600_000_000, inputItems: [produced] };
      await store.save(follower);
      await store.save(first);
      expect((await store.findItem('ig_resp_b', 'tenant_a'))?.responseId).toBe('resp_b');
    });

    it('does not index item_reference input items under the id they name', async () => {
      const record: StoredResponse = { ...sampleStoredResponse({ id: 'resp_2' }), inputItems: [{ type: 'item_reference', id: 'ig_elsewhere' }] };
      await store.save(record);
      expect(await store.findItem('ig_elsewhere', 'tenant_a')).toBeUndefined();
    });

    it('requires unique ids on input items', async () => {
      // Deliberately not a valid item (no id): the type would not let the caller write it.
      const missing: StoredResponse = { ...sampleStoredResponse(), inputItems: [{ type: 'message', role: 'user', content: [] } as unknown as ConversationItem] };
      await expect(store.save(missing)).rejects.toThrow(TypeError);
      await expect(store.save(withInputs(['in_0', 'in_0']))).rejects.toThrow(TypeError);
      await expect(store.save({ ...sampleStoredResponse(), id: '../escape' })).rejects.toThrow(TypeError);
      expect(await store.get('resp_1', 'tenant_a')).toBeUndefined();
    });

    it('leaves no row and no blobs when a blob write fails', async () => {
      const failing: BlobStore = {
        put: async (key, bytes, contentType) => {
          if (key.endsWith('1.png')) throw new Error('disk full');
          await blobStore.put(key, bytes, contentType);
        },
        get: (key) => blobStore.get(key),
        deletePrefix: (prefix) => blobStore.deletePrefix(prefix),
      };
      const fragile = await create(failing);
      try {
        await expect(fragile.save(sampleStoredResponse())).rejects.toThrow('disk full');
        expect(await fragile.get('resp_1', 'tenant_a')).toBeUndefined();
        expect(blobStore.keys()).toEqual([]);
      } finally {
        await fragile.close();
      }
    });

    describe('listInputItems', () => {
      const ids = ['in_0', 'in_1', 'in_2', 'in_3', 'in_4'];
      const list = async (options: Parameters<ResponseStore['listInputItems']>[2]) => {
        const page = await store.listInputItems('resp_1', 'tenant_a', options);
        return { ids: page?.data.map((item) => item.id), hasMore: page?.hasMore };
      };

      beforeEach(async () => {
        await store.save(withInputs(ids));
      });

      it('pages forward in ascending order', async () => {
        expect(await list({ limit: 2, order: 'asc' })).toEqual({ ids: ['in_0', 'in_1'], hasMore: true });
        expect(await list({ limit: 2, order: 'asc', after: 'in_1' })).toEqual({ ids: ['in_2', 'in_3'], hasMore: true });
        expect(await list({ limit: 2, order: 'asc', after: 'in_3' })).toEqual({ ids: ['in_4'], hasMore: false });
      });

      it('pages forward in descending order', async () => {
        expect(await list({ limit: 2, order: 'desc' })).toEqual({ ids: ['in_4', 'in_3'], hasMore: true });
        expect(await list({ limit: 2, order: 'desc', after: 'in_3' })).toEqual({ ids: ['in_2', 'in_1'], hasMore: true });
        expect(await list({ limit: 2, order: 'desc', after: 'in_1' })).toEqual({ ids: ['in_0'], hasMore: false });
      });

      it('pages back with before', async () => {
        expect(await list({ limit: 2, order: 'asc', before: 'in_3' })).toEqual({ ids: ['in_1', 'in_2'], hasMore: true });
        expect(await list({ limit: 2, order: 'asc', before: 'in_1' })).toEqual({ ids: ['in_0'], hasMore: false });
        expect(await list({ limit: 2, order: 'desc', before: 'in_1' })).toEqual({ ids: ['in_3', 'in_2'], hasMore: true });
        expect(await list({ limit: 10, order: 'asc', after: 'in_0', before: 'in_4' })).toEqual({
          ids: ['in_1', 'in_2', 'in_3'],
          hasMore: false,
        });
      });

      it('gives an empty page for an unknown cursor and undefined for an unknown response', async () => {
        expect(await list({ limit: 2, order: 'asc', after: 'in_missing' })).toEqual({ ids: [], hasMore: false });
        expect(await store.listInputItems('resp_missing', 'tenant_a', { limit: 2, order: 'asc' })).toBeUndefined();
      });

      it('returns items with their images', async () => {
        const record = sampleStoredResponse();
        await store.save(structuredClone(record));
        const page = await store.listInputItems('resp_1', 'tenant_a', { limit: 20, order: 'desc' });
        expect(page).toEqual({ data: record.inputItems, hasMore: false });
      });
    });
  });
}
