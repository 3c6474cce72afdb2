import { existsSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProceduralImageModel } from '../src/providers/procedural/procedural-image-model.ts';
import type { ImageModel } from '../src/providers/spec/image-model.ts';
import { ADMIN_KEY, createKey, querySqlite } from './support/accounting.ts';
import { type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

const TOOL = { type: 'image_generation' as const, size: '128x128', output_format: 'png' as const };

/** The procedural backend, keeping the input images of every call. */
function recordingImageModel(): ImageModel & { inputs: Buffer[][] } {
  const real = createProceduralImageModel();
  const model = {
    provider: real.provider,
    modelId: real.modelId,
    inputs: [] as Buffer[][],
    async doGenerate(options: Parameters<ImageModel['doGenerate']>[0]) {
      model.inputs.push(options.images.map((image) => Buffer.from(image.data)));
      return real.doGenerate(options);
    },
  };
  return model;
}

/** `user`, `image_generation_call`, `assistant`…: what a reader of the list sees, in order. */
function shapes(items: ReadonlyArray<{ type: string; role?: string }>): string[] {
  return items.map((item) => (item.type === 'message' ? (item.role ?? 'message') : item.type));
}

function textOf(item: OpenAI.Conversations.ConversationItem): string {
  if (item.type !== 'message') return '';
  return item.content.map((part) => ('text' in part ? part.text : '')).join('');
}

describe('responses on a conversation (the conversation parameter)', () => {
  let test: TestServer;
  let alice: OpenAI;
  let bob: OpenAI;
  const imageModel = recordingImageModel();
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } }, undefined, { imageModel });
    alice = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: (await createKey(test.server.url, 'alice')).secret, maxRetries: 0 });
    bob = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: (await createKey(test.server.url, 'bob')).secret, maxRetries: 0 });
  });
  afterAll(async () => test.dispose());

  it("two turns: the second edits the first turn's image, and the items list both turns in order", async () => {
    const conversation = await alice.conversations.create({ metadata: { topic: 'teapots' } });
    expect(conversation).toMatchObject({ id: expect.stringMatching(/^conv_/), object: 'conversation', metadata: { topic: 'teapots' } });

    const first = await alice.responses.create({ model: 'simulator', conversation: conversation.id, input: 'Draw a green teapot.', tools: [TOOL] });
    const drawn = imagesOf(first)[0]!;
    expect(drawn).toMatchObject({ status: 'completed', action: 'generate', size: '128x128' });
    expect(first.conversation).toEqual({ id: conversation.id });

    const callsBefore = imageModel.inputs.length;
    const second = await alice.responses.create({ model: 'simulator', conversation: { id: conversation.id }, input: 'Now edit it: make the teapot red.', tools: [TOOL] });
    const edited = imagesOf(second)[0]!;
    expect(edited).toMatchObject({ status: 'completed', action: 'edit', size: '128x128' });
    expect(edited.result).not.toBe(drawn.result);
    // The edit received the first turn's image, byte for byte, found through the conversation.
    expect(imageModel.inputs.slice(callsBefore)).toEqual([[Buffer.from(drawn.result, 'base64')]]);
    expect(second.previous_response_id).toBeNull();
    expect((await alice.responses.retrieve(second.id)).conversation).toEqual({ id: conversation.id });

    const ascending = await alice.conversations.items.list(conversation.id, { order: 'asc' });
    expect(shapes(ascending.data)).toEqual(['user', 'image_generation_call', 'assistant', 'user', 'image_generation_call', 'assistant']);
    expect(textOf(ascending.data[0]!)).toBe('Draw a green teapot.');
    expect(textOf(ascending.data[3]!)).toBe('Now edit it: make the teapot red.');
    expect(ascending.data[1]).toMatchObject({ id: drawn.id, result: drawn.result });
    expect(ascending.data[4]).toMatchObject({ id: edited.id, result: edited.result, action: 'edit' });
    expect(ascending.data.slice(1, 3).map((item) => item.id)).toEqual(first.output.map((item) => item.id));
    expect(ascending.data.slice(4, 6).map((item) => item.id)).toEqual(second.output.map((item) => item.id));
    // The images sit in the blob store; the rows hold markers.
    const rows = querySqlite<{ json: string }>(test.dataDir, `SELECT group_concat(item_json) AS json FROM conversation_items WHERE conversation_id = '${conversation.id}'`);
    expect(rows.json).toContain('$blob');
    expect(rows.json).not.toContain(drawn.result.slice(0, 200));
    // OpenAI's default order is newest first.
    const descending = await alice.conversations.items.list(conversation.id);
    expect(descending.data.map((item) => item.id)).toEqual(ascending.data.map((item) => item.id).reverse());
    expect(descending).toMatchObject({ last_id: ascending.data[0]!.id, has_more: false });
  });

  it('a streamed turn is added too, and two responses at once on one conversation each land whole, none lost', async () => {
    const conversation = await alice.conversations.create({ items: [{ type: 'message', role: 'user', content: 'We are drawing fruit.' }] });
    const stream = await alice.responses.create({ model: 'simulator', conversation: conversation.id, input: 'Draw a plum.', tools: [TOOL], stream: true });
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) if (event.type === 'response.completed') completed = event.response;
    expect(completed?.conversation).toEqual({ id: conversation.id });
    expect((await alice.conversations.items.list(conversation.id)).data).toHaveLength(4);

    const [pear, apple] = await Promise.all(
      ['Draw a pear.', 'Draw an apple.'].map((input) => alice.responses.create({ model: 'simulator', conversation: conversation.id, input, tools: [TOOL] })),
    );
    const items = (await alice.conversations.items.list(conversation.id, { order: 'asc', limit: 100 })).data;
    expect(items).toHaveLength(1 + 3 + 3 + 3);
    const blocks = [items.slice(4, 7), items.slice(7, 10)];
    const byPrompt = new Map(blocks.map((block) => [textOf(block[0]!), block.slice(1).map((item) => item.id)]));
    expect(byPrompt).toEqual(
      new Map([
        ['Draw a pear.', pear!.output.map((item) => item.id)],
        ['Draw an apple.', apple!.output.map((item) => item.id)],
      ]),
    );
  });

  it("another key cannot continue the conversation, and a refused request adds nothing", async () => {
    const conversation = await alice.conversations.create();
    await expect(bob.responses.create({ model: 'simulator', conversation: conversation.id, input: 'Hi.' })).rejects.toMatchObject({
      status: 404,
      param: 'conversation',
      code: 'conversation_not_found',
    });
    await expect(alice.responses.create({ model: 'simulator', conversation: 'conv_unknown', input: 'Hi.' })).rejects.toMatchObject({ status: 404, code: 'conversation_not_found' });
    const first = await alice.responses.create({ model: 'simulator', input: 'Hi.' });
    await expect(alice.responses.create({ model: 'simulator', conversation: conversation.id, previous_response_id: first.id, input: 'Hi.' })).rejects.toMatchObject({
      status: 400,
      param: 'conversation',
      code: 'mutually_exclusive_parameters',
    });
    expect((await alice.conversations.items.list(conversation.id)).data).toEqual([]);
  });

  it('an item added through the items API is history, and an item_reference to it resolves in the conversation', async () => {
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 20, g: 120, b: 200 } } }).png().toBuffer();
    const conversation = await alice.conversations.create();
    const [added] = (
      await alice.conversations.items.create(conversation.id, {
        items: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'My photo.' }, { type: 'input_image', image_url: `data:image/png;base64,${photo.toString('base64')}`, detail: 'auto' }] }],
      })
    ).data;
    const callsBefore = imageModel.inputs.length;
    const response = await alice.responses.create({
      model: 'simulator',
      conversation: conversation.id,
      input: [{ type: 'item_reference', id: added!.id! }, { role: 'user', content: 'Edit this image: add a moon.' }],
      tools: [{ type: 'image_generation', output_format: 'png' }],
    });
    expect(imagesOf(response)[0]).toMatchObject({ action: 'edit', size: '64x48' });
    expect(imageModel.inputs.slice(callsBefore)[0]?.[0]?.equals(photo)).toBe(true);
    // The referenced item is already in the conversation: it is not added twice.
    const ids = (await alice.conversations.items.list(conversation.id, { order: 'asc' })).data.map((item) => item.id);
    expect(ids).toEqual([added!.id, expect.stringMatching(/^msg_/), ...response.output.map((item) => item.id)]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('deleting the conversation deletes its blobs, and the responses keep theirs', async () => {
    const conversation = await alice.conversations.create();
    const response = await alice.responses.create({ model: 'simulator', conversation: conversation.id, input: 'Draw a lemon.', tools: [TOOL] });
    const folder = join(test.dataDir, 'blobs', 'conversations', conversation.id);
    expect(existsSync(folder)).toBe(true);
    await expect(alice.conversations.delete(conversation.id)).resolves.toEqual({ id: conversation.id, object: 'conversation.deleted', deleted: true });
    expect(existsSync(folder)).toBe(false);
    await expect(alice.conversations.items.list(conversation.id)).rejects.toMatchObject({ status: 404, code: 'conversation_not_found' });
    const kept = await alice.responses.retrieve(response.id);
    expect(imagesOf(kept)[0]?.result).toBe(imagesOf(response)[0]?.result);
  });
});
