import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationItem } from '../../responses/conversation/conversation-item.ts';
import { createMemoryBlobStore } from '../../storage/memory-blob-store.ts';
import type { Stores } from '../../storage/sql/kysely-stores.ts';
import { createSqliteStores } from '../../storage/sqlite/create-sqlite-stores.ts';
import { appendResponseToConversation, conversationIdOf, loadConversation } from './response-conversation.ts';

const say = (id: string, text: string): ConversationItem => ({ id, type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const answer = { id: 'msg_out', type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Done.', annotations: [] }] };
/** An output item only OpenAI makes (a passthrough's web search): not a conversation item imagegate replays. */
const webSearch = { id: 'ws_1', type: 'web_search_call', status: 'completed' };

describe('a response on a conversation', () => {
  let stores: Stores;
  let services: { store: Stores['responses']; conversations: Stores['conversations'] };
  beforeEach(async () => {
    stores = await createSqliteStores({ file: ':memory:', blobStore: createMemoryBlobStore(), pepper: 'pepper' });
    services = { store: stores.responses, conversations: stores.conversations };
    await stores.conversations.create({ id: 'conv_1', ownerId: 'key_a', createdAt: 1, metadata: {} }, [say('msg_old', 'Earlier.')]);
  });
  afterEach(async () => stores.close());

  const itemIds = async () => (await stores.conversations.allItems('conv_1', 'key_a'))?.map((item) => item.id);

  it('reads the id from either form', () => {
    expect([conversationIdOf('conv_1'), conversationIdOf({ id: 'conv_2' }), conversationIdOf(null), conversationIdOf(undefined)]).toEqual(['conv_1', 'conv_2', undefined, undefined]);
  });

  it('loads the history and the ids it holds; another owner finds no conversation (404 on `conversation`)', async () => {
    const { conversation, history } = await loadConversation(services, 'conv_1', 'key_a');
    expect(history.map((item) => item.id)).toEqual(['msg_old']);
    expect([...conversation.itemIds]).toEqual(['msg_old']);
    await expect(loadConversation(services, 'conv_1', 'key_b')).rejects.toMatchObject({ status: 404, param: 'conversation', code: 'conversation_not_found' });
  });

  it('appends input then output as one block once completed, skipping items the conversation already holds', async () => {
    const { conversation } = await loadConversation(services, 'conv_1', 'key_a');
    await appendResponseToConversation(services, conversation, 'key_a', [say('msg_old', 'Earlier.'), say('msg_new', 'Now.')], { status: 'completed', output: [answer, webSearch] });
    expect(await itemIds()).toEqual(['msg_old', 'msg_new', 'msg_out']);
  });

  it('adds nothing for a failed or cancelled response, and keeps an incomplete one', async () => {
    const { conversation } = await loadConversation(services, 'conv_1', 'key_a');
    for (const status of ['failed', 'cancelled', 'in_progress']) {
      await appendResponseToConversation(services, conversation, 'key_a', [say(`msg_${status}`, 'x')], { status, output: [answer] });
    }
    expect(await itemIds()).toEqual(['msg_old']);
    await appendResponseToConversation(services, conversation, 'key_a', [say('msg_cut', 'Long story.')], { status: 'incomplete', output: [] });
    expect(await itemIds()).toEqual(['msg_old', 'msg_cut']);
  });
});
