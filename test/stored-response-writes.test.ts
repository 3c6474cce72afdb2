import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResponseStore } from '../src/storage/response-store.ts';
import { gatedImageModel } from './support/gated-image-model.ts';
import { type LooseBody, type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

const DRAW: LooseBody = { model: 'simulator', input: 'Draw a lighthouse.', tools: [{ type: 'image_generation', size: '64x64' }] };

let test: TestServer | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
});

/** The store as the server uses it, with each write call recorded as `method:status`. */
function recordingWrites(writes: string[]): (store: ResponseStore) => ResponseStore {
  return (store) => ({
    ...store,
    begin: async (entry) => {
      writes.push('begin');
      await store.begin(entry);
    },
    save: async (record, condition) => {
      writes.push(`save:${record.response.status}`);
      return store.save(record, condition);
    },
  });
}

describe('writes per stored response', () => {
  it('a stored response is journaled once and saved once, and reads as in progress while it runs', async () => {
    const writes: string[] = [];
    const gate = gatedImageModel();
    test = await startTestServer({}, undefined, { imageModel: gate, wrapResponseStore: recordingWrites(writes) });
    const stream = await test.client.responses.create({ ...DRAW, stream: true } as OpenAI.Responses.ResponseCreateParamsStreaming);
    const events = stream[Symbol.asyncIterator]();
    const first = await events.next();
    const id = first.done === true ? '' : (first.value as { response: { id: string } }).response.id;
    await gate.started;
    // The client has the id from `response.created`: a read finds the response running.
    const running = await test.client.responses.retrieve(id);
    expect(running).toMatchObject({ id, object: 'response', status: 'in_progress', model: 'simulator', output: [] });
    expect(writes).toEqual(['begin']);

    gate.open();
    for (let next = await events.next(); next.done !== true; next = await events.next());
    expect(writes).toEqual(['begin', 'save:completed']);
    const done = await test.client.responses.retrieve(id);
    expect(done.status).toBe('completed');
    expect(imagesOf(done)).toHaveLength(1);
    expect((await test.client.responses.inputItems.list(id)).data).toMatchObject([{ type: 'message', role: 'user' }]);
  });

  it('a JSON answer costs the same one begin and one save; store: false writes nothing', async () => {
    const writes: string[] = [];
    test = await startTestServer({}, undefined, { wrapResponseStore: recordingWrites(writes) });
    await test.client.responses.create({ model: 'simulator', input: 'hello' });
    expect(writes).toEqual(['begin', 'save:completed']);
    writes.length = 0;
    await test.client.responses.create({ model: 'simulator', input: 'hello', store: false });
    expect(writes).toEqual([]);
  });

  it('a background response is still stored whole while it runs: polls read its progress', async () => {
    const writes: string[] = [];
    const gate = gatedImageModel();
    test = await startTestServer({}, undefined, { imageModel: gate, wrapResponseStore: recordingWrites(writes) });
    const created = await test.client.responses.create({ ...DRAW, background: true } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    await gate.started;
    expect(imagesOf(await test.client.responses.retrieve(created.id))).toMatchObject([{ status: 'generating' }]);
    expect(writes).not.toContain('begin');
    expect(writes.slice(0, 2)).toEqual(['save:queued', 'save:in_progress']);
    gate.open();
    await expect.poll(async () => (await test!.client.responses.retrieve(created.id)).status, { timeout: 10_000 }).toBe('completed');
  });

  it('a streamed response reports response.completed only once its save committed: a failed save streams an error, never completed', async () => {
    const writes: string[] = [];
    const failingFinalSave = (store: ResponseStore): ResponseStore => ({
      ...recordingWrites(writes)(store),
      save: async (record, condition) => {
        writes.push(`save:${record.response.status}`);
        // Only the response's final save fails; the shutdown's reconciliation may save it as failed.
        if (record.response.status === 'completed') throw new Error('disk full');
        return store.save(record, condition);
      },
    });
    test = await startTestServer({}, undefined, { wrapResponseStore: failingFinalSave });
    const answer = await fetch(`${test.server.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer test-key' },
      body: JSON.stringify({ model: 'simulator', input: 'hello', stream: true }),
    });
    const types = [...(await answer.text()).matchAll(/^event: (.+)$/gm)].map((match) => match[1]);
    expect(writes.slice(0, 2)).toEqual(['begin', 'save:completed']);
    expect(types).not.toContain('response.completed');
    expect(types.at(-1)).toBe('error');
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
  });
});
