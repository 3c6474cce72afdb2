import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey, querySqlite } from './support/accounting.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

const PNG_1x1 = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const say = (text: string) => ({ type: 'message' as const, role: 'user' as const, content: text });

describe('the Conversations API (/v1/conversations) through the official client', () => {
  let test: TestServer;
  let alice: OpenAI;
  let bob: OpenAI;
  let aliceSecret: string;
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
    aliceSecret = (await createKey(test.server.url, 'alice')).secret;
    alice = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: aliceSecret, maxRetries: 0 });
    bob = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: (await createKey(test.server.url, 'bob')).secret, maxRetries: 0 });
  });
  afterAll(async () => test.dispose());

  /** The raw answer, for fields the SDK's page object does not expose. */
  const raw = async (path: string, init: RequestInit = {}) => {
    const response = await fetch(`${test.server.url}/v1${path}`, { ...init, headers: { authorization: `Bearer ${aliceSecret}`, 'content-type': 'application/json' } });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> & { error?: { param: string | null; code: string | null } } };
  };

  it('creates with initial items and metadata, adds, retrieves, pages and deletes items, updates metadata, deletes', async () => {
    const before = Math.floor(Date.now() / 1000);
    const conversation = await alice.conversations.create({
      metadata: { project: 'cats' },
      items: [say('Hello!'), { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Look.' }, { type: 'input_image', image_url: PNG_1x1, detail: 'auto' }] }],
    });
    expect(conversation).toEqual({ id: expect.stringMatching(/^conv_/), object: 'conversation', created_at: expect.any(Number), metadata: { project: 'cats' } });
    expect(conversation.created_at).toBeGreaterThanOrEqual(before);
    await expect(alice.conversations.retrieve(conversation.id)).resolves.toEqual(conversation);

    const added = await alice.conversations.items.create(conversation.id, { items: [say('How are you?'), { type: 'message', role: 'assistant', content: 'Fine.' }] });
    expect(added.object).toBe('list');
    expect(added.data).toMatchObject([
      { type: 'message', role: 'user', id: expect.stringMatching(/^msg_/), status: 'completed', content: [{ type: 'input_text', text: 'How are you?' }] },
      { type: 'message', role: 'assistant', id: expect.stringMatching(/^msg_/), content: [{ type: 'output_text', text: 'Fine.' }] },
    ]);
    expect(added).toMatchObject({ first_id: added.data[0]!.id, last_id: added.data[1]!.id, has_more: false });

    const all = (await alice.conversations.items.list(conversation.id, { order: 'asc' })).data;
    expect(all.map((item) => item.type === 'message' && item.role)).toEqual(['user', 'user', 'user', 'assistant']);
    // The image comes back as it was sent (it is kept in the blob store, not in SQL).
    expect(all[1]).toMatchObject({ content: [{ type: 'input_text', text: 'Look.' }, { type: 'input_image', image_url: PNG_1x1 }] });
    const ids = all.map((item) => item.id!);

    const page = await raw(`/conversations/${conversation.id}/items?order=asc&limit=2&after=${ids[0]}&include[]=message.input_image.image_url`);
    expect(page.body).toMatchObject({ object: 'list', first_id: ids[1], last_id: ids[2], has_more: true });
    const pages: string[] = [];
    for await (const item of alice.conversations.items.list(conversation.id, { limit: 1 })) pages.push(item.id!);
    expect(pages).toEqual([...ids].reverse());

    await expect(alice.conversations.items.retrieve(ids[2]!, { conversation_id: conversation.id })).resolves.toMatchObject({ id: ids[2], type: 'message' });
    const afterDelete = await alice.conversations.items.delete(ids[2]!, { conversation_id: conversation.id });
    expect(afterDelete).toEqual(conversation);
    await expect(alice.conversations.items.retrieve(ids[2]!, { conversation_id: conversation.id })).rejects.toMatchObject({ status: 404, param: 'item_id', code: 'item_not_found' });
    await expect(alice.conversations.items.delete(ids[2]!, { conversation_id: conversation.id })).rejects.toMatchObject({ status: 404, code: 'item_not_found' });
    expect((await alice.conversations.items.list(conversation.id, { order: 'asc' })).data.map((item) => item.id)).toEqual([ids[0], ids[1], ids[3]]);

    const updated = await alice.conversations.update(conversation.id, { metadata: { project: 'dogs', stage: 'draft' } });
    expect(updated).toEqual({ ...conversation, metadata: { project: 'dogs', stage: 'draft' } });
    await expect(alice.conversations.retrieve(conversation.id)).resolves.toEqual(updated);

    await expect(alice.conversations.delete(conversation.id)).resolves.toEqual({ id: conversation.id, object: 'conversation.deleted', deleted: true });
    await expect(alice.conversations.retrieve(conversation.id)).rejects.toMatchObject({ status: 404, code: 'conversation_not_found' });
    await expect(alice.conversations.delete(conversation.id)).rejects.toMatchObject({ status: 404, code: 'conversation_not_found' });
  });

  it("another key gets 404 for the conversation and each of its items; the owner's copy is untouched", async () => {
    const conversation = await alice.conversations.create({ metadata: { owner: 'alice' }, items: [say('secret')] });
    const itemId = (await alice.conversations.items.list(conversation.id)).data[0]!.id!;
    const notFound = { status: 404, param: 'conversation_id', code: 'conversation_not_found' };
    await expect(bob.conversations.retrieve(conversation.id)).rejects.toMatchObject(notFound);
    await expect(bob.conversations.update(conversation.id, { metadata: { owner: 'bob' } })).rejects.toMatchObject(notFound);
    await expect(bob.conversations.items.list(conversation.id)).rejects.toMatchObject(notFound);
    await expect(bob.conversations.items.create(conversation.id, { items: [say('mine now')] })).rejects.toMatchObject(notFound);
    await expect(bob.conversations.items.retrieve(itemId, { conversation_id: conversation.id })).rejects.toMatchObject(notFound);
    await expect(bob.conversations.items.delete(itemId, { conversation_id: conversation.id })).rejects.toMatchObject(notFound);
    await expect(bob.conversations.delete(conversation.id)).rejects.toMatchObject(notFound);

    await expect(alice.conversations.retrieve(conversation.id)).resolves.toEqual(conversation);
    expect((await alice.conversations.items.list(conversation.id)).data.map((item) => item.id)).toEqual([itemId]);
  });

  it('an unknown conversation is a 404 conversation_not_found on every route', async () => {
    const notFound = { status: 404, type: 'invalid_request_error', param: 'conversation_id', code: 'conversation_not_found' };
    await expect(alice.conversations.retrieve('conv_nope')).rejects.toMatchObject(notFound);
    await expect(alice.conversations.update('conv_nope', { metadata: {} })).rejects.toMatchObject(notFound);
    await expect(alice.conversations.delete('conv_nope')).rejects.toMatchObject(notFound);
    await expect(alice.conversations.items.list('conv_nope')).rejects.toMatchObject(notFound);
    await expect(alice.conversations.items.create('conv_nope', { items: [say('hi')] })).rejects.toMatchObject(notFound);
    await expect(alice.conversations.items.retrieve('msg_1', { conversation_id: 'conv_nope' })).rejects.toMatchObject(notFound);
    await expect(alice.conversations.items.delete('msg_1', { conversation_id: 'conv_nope' })).rejects.toMatchObject(notFound);
    const { body } = await raw('/conversations/conv_nope');
    expect(body.error).toEqual({ message: "Conversation with id 'conv_nope' not found.", type: 'invalid_request_error', param: 'conversation_id', code: 'conversation_not_found' });
  });

  it('bad input is a 400 naming the parameter, and creates nothing', async () => {
    const conversation = await alice.conversations.create();
    const countConversations = () => querySqlite<{ n: number }>(test.dataDir, 'SELECT count(*) AS n FROM conversations').n;
    const conversationsBefore = countConversations();
    const cases: Array<[string, RequestInit, string, string, number?]> = [
      ['/conversations', { method: 'POST', body: JSON.stringify({ items: Array.from({ length: 21 }, () => say('hi')) }) }, 'items', 'array_above_max_length'],
      ['/conversations', { method: 'POST', body: JSON.stringify({ metadata: Object.fromEntries(Array.from({ length: 17 }, (_, index) => [`k${index}`, 'v'])) }) }, 'metadata', 'object_above_max_properties'],
      ['/conversations', { method: 'POST', body: JSON.stringify({ items: [{ type: 'message', role: 'wizard', content: 'hi' }] }) }, 'items[0].role', 'invalid_value'],
      ['/conversations', { method: 'POST', body: JSON.stringify({ title: 'x' }) }, 'title', 'unknown_parameter'],
      [`/conversations/${conversation.id}`, { method: 'POST', body: '{}' }, 'metadata', 'missing_required_parameter'],
      [`/conversations/${conversation.id}/items`, { method: 'POST', body: '{}' }, 'items', 'missing_required_parameter'],
      [`/conversations/${conversation.id}/items`, { method: 'POST', body: JSON.stringify({ items: [{ type: 'item_reference', id: 'msg_missing' }] }) }, 'items[0].id', 'item_not_found', 404],
      [`/conversations/${conversation.id}/items?limit=0`, {}, 'limit', 'integer_below_min_value'],
      [`/conversations/${conversation.id}/items?limit=101`, {}, 'limit', 'integer_above_max_value'],
      [`/conversations/${conversation.id}/items?limit=ten`, {}, 'limit', 'invalid_type'],
      [`/conversations/${conversation.id}/items?order=sideways`, {}, 'order', 'invalid_value'],
      [`/conversations/${conversation.id}/items?include[]=bogus`, {}, 'include[0]', 'invalid_value'],
    ];
    for (const [path, init, param, code, expectedStatus = 400] of cases) {
      const { status, body } = await raw(path, init);
      expect([path, status, body.error?.param, body.error?.code]).toEqual([path, expectedStatus, param, code]);
    }
    expect((await alice.conversations.items.list(conversation.id)).data).toEqual([]);
    await expect(alice.conversations.create({ items: Array.from({ length: 21 }, () => say('hi')) })).rejects.toMatchObject({ status: 400, param: 'items' });
    expect(countConversations()).toBe(conversationsBefore);
  });
});
