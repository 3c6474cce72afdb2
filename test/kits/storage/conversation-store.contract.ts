import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationItem } from '../../../src/responses/conversation/conversation-item.ts';
import type { BlobStore } from '../../../src/storage/blob-store.ts';
import type { ConversationStore, StoredConversation } from '../../../src/storage/conversation-store.ts';
import { createMemoryBlobStore, type MemoryBlobStore } from '../../../src/storage/memory-blob-store.ts';
import { fakePngBase64 } from './response-store.fixtures.ts';

export interface ConversationStoreContractOptions {
  name: string;
  /** Opens a new, empty store that keeps its blobs in `blobStore`; `close` closes what it opened. */
  create: (blobStore: BlobStore) => Promise<{ conversations: ConversationStore; close(): Promise<void> }>;
}

const conversation = (id: string, ownerId: string | null = 'key_a'): StoredConversation => ({ id, ownerId, createdAt: 1_700_000_000, metadata: { topic: 'cats' } });
const text = (id: string, words = id): ConversationItem => ({ id, type: 'message', role: 'user', content: [{ type: 'input_text', text: words }] });
const photo = (id: string, seed: number): ConversationItem => ({
  id,
  type: 'message',
  role: 'user',
  content: [{ type: 'input_text', text: 'Edit this' }, { type: 'input_image', image_url: `data:image/png;base64,${fakePngBase64(5_000, seed)}`, detail: 'auto' }],
});
const generated = (id: string, seed: number): ConversationItem => ({ id, type: 'image_generation_call', status: 'completed', result: fakePngBase64(20_000, seed), output_format: 'png', revised_prompt: 'A cat' });

/** The behaviour every ConversationStore backend must show; call it from the backend's test file. */
export function runConversationStoreContract({ name, create }: ConversationStoreContractOptions): void {
  describe(`${name} — ConversationStore contract`, () => {
    let blobStore: MemoryBlobStore;
    let store: ConversationStore;
    let close: () => Promise<void>;

    beforeEach(async () => {
      blobStore = createMemoryBlobStore();
      ({ conversations: store, close } = await create(blobStore));
    });
    afterEach(async () => close());

    const ids = (items: ReadonlyArray<{ id?: string }> | undefined) => (items ?? []).map((item) => item.id);

    it('keeps a conversation and its items exactly, with images in blobs under the conversation', async () => {
      const items = [photo('msg_1', 1), generated('ig_1', 2), text('msg_2')];
      await store.create(conversation('conv_1'), structuredClone(items));
      expect(await store.get('conv_1', 'key_a')).toEqual(conversation('conv_1'));
      expect(await store.allItems('conv_1', 'key_a')).toEqual(items);
      expect(blobStore.keys()).toHaveLength(2);
      expect(blobStore.keys().every((key) => key.startsWith('conversations/conv_1/'))).toBe(true);
      expect(await store.getItem('conv_1', 'key_a', 'ig_1')).toEqual({ item: items[1] });
      expect(await store.getItem('conv_1', 'key_a', 'msg_9')).toEqual({ item: undefined });
    });

    it('isolates owners: another owner (or none) sees no such conversation', async () => {
      await store.create(conversation('conv_1'), [text('msg_1')]);
      for (const other of ['key_b', null]) {
        expect(await store.get('conv_1', other)).toBeUndefined();
        expect(await store.allItems('conv_1', other)).toBeUndefined();
        expect(await store.listItems('conv_1', other, { limit: 20, order: 'asc' })).toBeUndefined();
        expect(await store.getItem('conv_1', other, 'msg_1')).toBeUndefined();
        expect(await store.deleteItem('conv_1', other, 'msg_1')).toBeUndefined();
        expect(await store.appendItems('conv_1', other, [text('msg_2')])).toBe(false);
        expect(await store.updateMetadata('conv_1', other, { x: 'y' })).toBeUndefined();
        expect(await store.delete('conv_1', other)).toBe(false);
      }
      expect(ids(await store.allItems('conv_1', 'key_a'))).toEqual(['msg_1']);
      expect((await store.get('conv_1', 'key_a'))?.metadata).toEqual({ topic: 'cats' });
      expect(blobStore.keys()).toEqual([]);
    });

    it('pages items in either order after a cursor', async () => {
      await store.create(conversation('conv_1'), ['a', 'b', 'c', 'd', 'e'].map((id) => text(`msg_${id}`)));
      const asc = await store.listItems('conv_1', 'key_a', { limit: 2, order: 'asc' });
      expect({ ids: ids(asc?.data), hasMore: asc?.hasMore }).toEqual({ ids: ['msg_a', 'msg_b'], hasMore: true });
      const next = await store.listItems('conv_1', 'key_a', { limit: 2, order: 'asc', after: 'msg_b' });
      expect(ids(next?.data)).toEqual(['msg_c', 'msg_d']);
      const last = await store.listItems('conv_1', 'key_a', { limit: 2, order: 'asc', after: 'msg_d' });
      expect({ ids: ids(last?.data), hasMore: last?.hasMore }).toEqual({ ids: ['msg_e'], hasMore: false });
      const desc = await store.listItems('conv_1', 'key_a', { limit: 3, order: 'desc', after: 'msg_e' });
      expect({ ids: ids(desc?.data), hasMore: desc?.hasMore }).toEqual({ ids: ['msg_d', 'msg_c', 'msg_b'], hasMore: true });
      expect(await store.listItems('conv_1', 'key_a', { limit: 3, order: 'desc', after: 'msg_zz' })).toEqual({ data: [], hasMore: false });
    });

    it('lands appends that run at once whole, one block after another, none lost', async () => {
      await store.create(conversation('conv_1'), [text('msg_0')]);
      const blocks = Array.from({ length: 8 }, (_, block) => [text(`msg_${block}_in`), generated(`ig_${block}`, block + 10), text(`msg_${block}_out`)]);
      const appended = await Promise.all(blocks.map((block) => store.appendItems('conv_1', 'key_a', block)));
      expect(appended).toEqual(blocks.map(() => true));
      const all = ids(await store.allItems('conv_1', 'key_a'));
      expect(all).toHaveLength(1 + 8 * 3);
      expect(all[0]).toBe('msg_0');
      // Each block sits together, in its own order; the blocks in whatever order they committed.
      const order = all.slice(1).filter((_, index) => index % 3 === 0).map((id) => Number(id?.split('_')[1]));
      expect([...order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(all.slice(1)).toEqual(order.flatMap((block) => [`msg_${block}_in`, `ig_${block}`, `msg_${block}_out`]));
      expect(blobStore.keys()).toHaveLength(8);
    });

    it('deletes one item with its blobs, leaving the others and theirs', async () => {
      await store.create(conversation('conv_1'), [generated('ig_1', 1), generated('ig_2', 2), text('msg_3')]);
      expect(await store.deleteItem('conv_1', 'key_a', 'ig_1')).toEqual({ deleted: true });
      expect(await store.deleteItem('conv_1', 'key_a', 'ig_1')).toEqual({ deleted: false });
      expect(ids(await store.allItems('conv_1', 'key_a'))).toEqual(['ig_2', 'msg_3']);
      expect(blobStore.keys()).toHaveLength(1);
      // Positions are not reused: a later append still lands last.
      await store.appendItems('conv_1', 'key_a', [text('msg_4')]);
      expect(ids(await store.allItems('conv_1', 'key_a'))).toEqual(['ig_2', 'msg_3', 'msg_4']);
    });

    it('updates metadata, and deletes the conversation with every item and blob', async () => {
      await store.create(conversation('conv_1'), [generated('ig_1', 1)]);
      await store.create(conversation('conv_12'), [generated('ig_2', 2)]);
      expect(await store.updateMetadata('conv_1', 'key_a', { topic: 'dogs' })).toEqual({ ...conversation('conv_1'), metadata: { topic: 'dogs' } });
      expect((await store.get('conv_1', 'key_a'))?.metadata).toEqual({ topic: 'dogs' });
      expect(await store.delete('conv_1', 'key_a')).toBe(true);
      expect(await store.delete('conv_1', 'key_a')).toBe(false);
      expect(await store.get('conv_1', 'key_a')).toBeUndefined();
      expect(blobStore.keys().every((key) => key.startsWith('conversations/conv_12/'))).toBe(true);
      expect(blobStore.keys()).toHaveLength(1);
      expect(ids(await store.allItems('conv_12', 'key_a'))).toEqual(['ig_2']);
    });

    it('adds nothing, and leaves no blobs, when an image cannot be written', async () => {
      await close();
      let failPuts = false;
      const flaky: BlobStore = {
        put: async (key, bytes, contentType) => {
          // The second item's folder (`…/<append>-1/`): the first item's blob is written by then.
          if (failPuts && key.includes('-1/')) throw new Error('disk full');
          await blobStore.put(key, bytes, contentType);
        },
        get: (key) => blobStore.get(key),
        deletePrefix: (prefix) => blobStore.deletePrefix(prefix),
      };
      ({ conversations: store, close } = await create(flaky));
      await store.create(conversation('conv_1'), [text('msg_1')]);
      failPuts = true;
      await expect(store.appendItems('conv_1', 'key_a', [generated('ig_2', 2), generated('ig_3', 3)])).rejects.toThrow('disk full');
      expect(ids(await store.allItems('conv_1', 'key_a'))).toEqual(['msg_1']);
      expect(blobStore.keys()).toEqual([]);
    });

    it('keeps key-less conversations apart from keyed ones', async () => {
      await store.create(conversation('conv_1', null), [text('msg_1')]);
      expect(await store.get('conv_1', 'key_a')).toBeUndefined();
      expect(ids(await store.allItems('conv_1', null))).toEqual(['msg_1']);
    });
  });
}
