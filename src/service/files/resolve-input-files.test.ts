import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationItem } from '../../responses/conversation/conversation-item.ts';
import { createMemoryBlobStore } from '../../storage/memory-blob-store.ts';
import { type SqliteStores, createSqliteStores } from '../../storage/sqlite/create-sqlite-stores.ts';
import type { Services } from '../services.ts';
import { resolveInputFiles } from './resolve-input-files.ts';

const BYTES = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
const message = (content: unknown[]): ConversationItem => ({ id: 'msg_1', type: 'message', role: 'user', content }) as ConversationItem;
const paramOf = (index: number) => `input[${index}]`;

describe('resolveInputFiles', () => {
  let stores: SqliteStores;
  let services: Services;
  beforeAll(async () => {
    stores = await createSqliteStores({ file: ':memory:', blobStore: createMemoryBlobStore(), pepper: 'test-pepper' });
    services = { files: stores.files } as unknown as Services;
    await stores.files.create({ id: 'file-a', ownerId: 'key_a', filename: 'a.png', purpose: 'vision', bytes: BYTES.length, contentType: 'image/png', createdAtMillis: 0, expiresAtMillis: null }, BYTES);
  });
  afterAll(async () => stores.close());

  it("copies the owner's file in as a data URL next to the file_id it keeps; other parts and items are untouched", async () => {
    const text = { type: 'input_text', text: 'look' };
    const items = [message([text, { type: 'input_image', file_id: 'file-a', detail: 'low' }]), { id: 'fc_1', type: 'function_call', call_id: 'c', name: 'f', arguments: '{}' } as ConversationItem];
    const resolved = await resolveInputFiles(items, paramOf, services, 'key_a');
    expect(resolved).toEqual([
      message([text, { type: 'input_image', file_id: 'file-a', detail: 'low', image_url: `data:image/png;base64,${Buffer.from(BYTES).toString('base64')}` }]),
      items[1],
    ]);
  });

  it("another owner's file or an unknown id is a 404 naming the part's file_id", async () => {
    const items = [message([{ type: 'input_text', text: 'x' }]), message([{ type: 'input_text', text: 'y' }, { type: 'input_image', file_id: 'file-a' }])];
    await expect(resolveInputFiles(items, paramOf, services, 'key_b')).rejects.toMatchObject({ status: 404, param: 'input[1].content[1].file_id', code: 'file_not_found' });
    await expect(resolveInputFiles(items, paramOf, services, null)).rejects.toMatchObject({ status: 404 });
  });

  it('relay mode (passthrough) leaves ids it has no file for as they were', async () => {
    const items = [message([{ type: 'input_image', file_id: 'file-elsewhere' }])];
    expect(await resolveInputFiles(items, paramOf, services, 'key_a', 'relay')).toEqual(items);
  });

  it('image_url and file_id together are a 400 naming the file_id', async () => {
    const items = [message([{ type: 'input_image', file_id: 'file-a', image_url: 'data:image/png;base64,AAAA' }])];
    await expect(resolveInputFiles(items, paramOf, services, 'key_a')).rejects.toMatchObject({ status: 400, param: 'input[0].content[0].file_id', code: 'invalid_value' });
  });
});
