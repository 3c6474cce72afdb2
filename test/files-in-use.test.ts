import OpenAI, { toFile } from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxImageInputTokens } from '../src/pricing/image-input-tokens.ts';
import { ADMIN_KEY, createKey } from './support/accounting.ts';
import { PHOTO_SIZE, changedHalves, leftHalfMaskPng, photoPng } from './support/images.ts';
import type { FakeHttpServer } from './support/fake-http-server.ts';
import { startOpenAIUpstreamFake } from './support/openai-upstream-fake.ts';
import { type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

const SIZE = PHOTO_SIZE;
const GPT_41_INPUT_USD_PER_TOKEN = 2 / 1_000_000;

type InputPart = { type: string; image_url?: string | null; file_id?: string | null };
const imagePartsSent = (body: unknown): InputPart[] =>
  ((body as { input: Array<{ content?: InputPart[] | string }> }).input ?? []).flatMap((item) => (Array.isArray(item.content) ? item.content : [])).filter((part) => part.type === 'input_image');

describe('file ids in use: input_image, the image tool mask, Images API edits', () => {
  let upstream: FakeHttpServer;
  let test: TestServer;
  let alice: OpenAI;
  let bob: OpenAI;
  let aliceSecret: string;
  let bobSecret: string;
  let original: Buffer;
  let mask: Buffer;
  beforeAll(async () => {
    upstream = await startOpenAIUpstreamFake([{ text: 'A yellow circle on green.' }]);
    test = await startTestServer({
      auth: { adminKey: ADMIN_KEY },
      providers: { openai: { type: 'openai', apiKey: 'sk-up', baseURL: `${upstream.url}/v1`, maxRetries: 0 } },
      models: { hosted: { provider: 'openai', model: 'gpt-4.1', passthrough: true } },
    });
    aliceSecret = (await createKey(test.server.url, 'alice')).secret;
    bobSecret = (await createKey(test.server.url, 'bob')).secret;
    alice = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: aliceSecret, maxRetries: 0 });
    bob = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: bobSecret, maxRetries: 0 });
    original = await photoPng();
    mask = await leftHalfMaskPng();
  });
  afterAll(async () => {
    await test.dispose();
    await upstream.close();
  });

  const upload = async (client: OpenAI, bytes: Buffer, name = 'photo.png') => (await client.files.create({ file: await toFile(bytes, name, { type: 'image/png' }), purpose: 'vision' })).id;
  const question = (fileId: string): OpenAI.Responses.ResponseInput => [
    { role: 'user', content: [{ type: 'input_text', text: 'What is in this picture?' }, { type: 'input_image', file_id: fileId, detail: 'high' }] },
  ];

  it('the model receives the exact bytes of the file; the stored response keeps them after the file is deleted', async () => {
    const fileId = await upload(alice, original);
    const expectedUrl = `data:image/png;base64,${original.toString('base64')}`;
    const before = upstream.requests.length;
    const response = await alice.responses.create({ model: 'gpt-4.1', input: question(fileId) });
    expect(response.status).toBe('completed');
    const sent = upstream.requests.slice(before).filter((request) => request.url === '/v1/responses');
    expect(sent).toHaveLength(1);
    expect(imagePartsSent(sent[0]!.json())).toEqual([{ type: 'input_image', image_url: expectedUrl, detail: 'high' }]);

    await expect(alice.files.delete(fileId)).resolves.toMatchObject({ deleted: true });
    await expect(alice.responses.retrieve(response.id)).resolves.toMatchObject({ id: response.id, status: 'completed' });
    const items = await alice.responses.inputItems.list(response.id);
    const stored = (items.data[0] as { content: InputPart[] }).content[1];
    expect(stored).toEqual({ type: 'input_image', file_id: fileId, image_url: expectedUrl, detail: 'high' });

    // The chain still carries the image to the model, from the response's own copy.
    const next = upstream.requests.length;
    await alice.responses.create({ model: 'gpt-4.1', input: 'And the colours?', previous_response_id: response.id });
    const replayed = upstream.requests.slice(next).filter((request) => request.url === '/v1/responses');
    expect(imagePartsSent(replayed[0]!.json())).toEqual([{ type: 'input_image', image_url: expectedUrl, detail: 'high' }]);
    // Once deleted, the file itself is gone for new requests.
    await expect(alice.responses.create({ model: 'gpt-4.1', input: question(fileId) })).rejects.toMatchObject({ status: 404, param: 'input[0].content[1].file_id' });
  });

  it('is reserved at the real pixel size, exactly like the same image as a data URL', async () => {
    const large = await sharp({ create: { width: 2048, height: 4096, channels: 3, background: '#146' } }).png().toBuffer();
    const fileId = await upload(alice, large);
    const stepCostUsd = async (content: unknown[]): Promise<number> => {
      const answer = await fetch(`${test.server.url}/v1/responses/estimate`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${aliceSecret}` },
        body: JSON.stringify({ model: 'gpt-4.1', input: [{ role: 'user', content }], max_output_tokens: 100 }),
      });
      expect(answer.status).toBe(200);
      const estimate = (await answer.json()) as { lines: Array<{ kind: string; max_cost_per_step_usd: number }> };
      return estimate.lines.find((line) => line.kind === 'model_step')!.max_cost_per_step_usd;
    };
    const text = { type: 'input_text', text: 'Describe.' };
    const withoutImage = await stepCostUsd([text]);
    const byFile = await stepCostUsd([text, { type: 'input_image', file_id: fileId, detail: 'high' }]);
    const byDataUrl = await stepCostUsd([text, { type: 'input_image', image_url: `data:image/png;base64,${large.toString('base64')}`, detail: 'high' }]);
    expect(byFile).toBe(byDataUrl);
    expect(maxImageInputTokens({ modelId: 'gpt-4.1', width: 2048, height: 4096, detail: 'high' })).toBe(1105);
    expect(byFile - withoutImage).toBeCloseTo(1105 * GPT_41_INPUT_USD_PER_TOKEN, 5);
  });

  it('the image tool edits a file image under a file mask: only the masked half changes', async () => {
    const imageId = await upload(alice, original);
    const maskId = await upload(alice, mask, 'mask.png');
    const response = await alice.responses.create({
      model: 'simulator',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Edit this image: paint it purple.' }, { type: 'input_image', file_id: imageId, detail: 'auto' }] }],
      tools: [{ type: 'image_generation', output_format: 'png', input_image_mask: { file_id: maskId } }],
    });
    const [edited] = imagesOf(response);
    expect(edited?.action).toBe('edit');
    const changed = await changedHalves(original, Buffer.from(edited!.result, 'base64'));
    expect(changed.right).toBe(0);
    expect(changed.left).toBeGreaterThan((SIZE * SIZE) / 4);
  });

  const editJson = (secret: string, body: unknown) =>
    fetch(`${test.server.url}/v1/images/edits`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` }, body: JSON.stringify(body) });

  it('Images API edits take images and mask by file_id (JSON, as OpenAI defines it)', async () => {
    const imageId = await upload(alice, original);
    const maskId = await upload(alice, mask, 'mask.png');
    const answer = await editJson(aliceSecret, { prompt: 'Paint it purple.', images: [{ file_id: imageId }], mask: { file_id: maskId }, output_format: 'png' });
    expect(answer.status).toBe(200);
    const body = (await answer.json()) as { data: Array<{ b64_json: string }> };
    expect(body.data).toHaveLength(1);
    const edited = Buffer.from(body.data[0]!.b64_json, 'base64');
    expect(await sharp(edited).metadata()).toMatchObject({ width: SIZE, height: SIZE });
    const changed = await changedHalves(original, edited);
    expect(changed.right).toBe(0);
    expect(changed.left).toBeGreaterThan((SIZE * SIZE) / 4);
  });

  it("another key's file id is 404 naming the field, everywhere it can be used, and nothing reaches the model", async () => {
    const imageId = await upload(alice, original);
    const maskId = await upload(alice, mask, 'mask.png');
    const before = upstream.requests.length;
    await expect(bob.responses.create({ model: 'gpt-4.1', input: question(imageId) })).rejects.toMatchObject({
      status: 404,
      type: 'invalid_request_error',
      param: 'input[0].content[1].file_id',
      code: 'file_not_found',
    });
    await expect(
      bob.responses.create({ model: 'simulator', input: 'Draw a cat.', tools: [{ type: 'image_generation', input_image_mask: { file_id: maskId } }] }),
    ).rejects.toMatchObject({ status: 404, param: 'tools[0].input_image_mask.file_id', code: 'file_not_found' });
    const edit = await editJson(bobSecret, { prompt: 'x', images: [{ file_id: imageId }] });
    expect([edit.status, ((await edit.json()) as { error: { param: string; code: string } }).error]).toEqual([404, expect.objectContaining({ param: 'images[0].file_id', code: 'file_not_found' })]);
    const bobImage = await upload(bob, original);
    const maskEdit = await editJson(bobSecret, { prompt: 'x', images: [{ file_id: bobImage }], mask: { file_id: maskId } });
    expect([maskEdit.status, ((await maskEdit.json()) as { error: { param: string } }).error.param]).toEqual([404, 'mask.file_id']);
    expect(upstream.requests.length).toBe(before);
    // An input_image gives image_url or file_id, not both.
    await expect(
      alice.responses.create({
        model: 'simulator',
        input: [{ role: 'user', content: [{ type: 'input_image', file_id: imageId, image_url: `data:image/png;base64,${original.toString('base64')}`, detail: 'auto' }] }],
      }),
    ).rejects.toMatchObject({ status: 400, param: 'input[0].content[0].file_id', code: 'invalid_value' });
  });

  it('a GIF file serves as model input but not as an edit image (400 naming the field)', async () => {
    const gif = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#a35' } }).gif().toBuffer();
    const gifId = (await alice.files.create({ file: await toFile(gif, 'a.gif'), purpose: 'vision' })).id;
    const edit = await editJson(aliceSecret, { prompt: 'x', images: [{ file_id: gifId }] });
    expect([edit.status, ((await edit.json()) as { error: { param: string; code: string } }).error]).toEqual([400, expect.objectContaining({ param: 'images[0].file_id', code: 'invalid_image_format' })]);
    const before = upstream.requests.length;
    await alice.responses.create({ model: 'gpt-4.1', input: question(gifId) });
    const sent = upstream.requests.slice(before).filter((request) => request.url === '/v1/responses');
    expect(imagePartsSent(sent[0]!.json())).toEqual([{ type: 'input_image', image_url: `data:image/gif;base64,${gif.toString('base64')}`, detail: 'high' }]);
  });

  it('a passthrough route sends the bytes of this key\'s files inline (OpenAI does not know them) and relays other ids as they are', async () => {
    const imageId = await upload(alice, original);
    const maskId = await upload(alice, mask, 'mask.png');
    const before = upstream.requests.length;
    const response = await alice.responses.create({
      model: 'hosted',
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_text', text: 'Edit this.' },
            { type: 'input_image', file_id: imageId, detail: 'high' },
            { type: 'input_image', file_id: 'file-of-the-openai-account', detail: 'low' },
          ],
        },
      ],
      tools: [{ type: 'image_generation', input_image_mask: { file_id: maskId } }],
    });
    expect(response.status).toBe('completed');
    const sent = upstream.requests.slice(before).filter((request) => request.url === '/v1/responses');
    expect(sent).toHaveLength(1);
    const body = sent[0]!.json() as { tools: Array<{ input_image_mask: unknown }> };
    expect(imagePartsSent(body)).toEqual([
      { type: 'input_image', image_url: `data:image/png;base64,${original.toString('base64')}`, detail: 'high' },
      { type: 'input_image', file_id: 'file-of-the-openai-account', detail: 'low' },
    ]);
    expect(body.tools[0]!.input_image_mask).toEqual({ image_url: `data:image/png;base64,${mask.toString('base64')}` });
    // Bob's upload is not Alice's: relayed as an id, never inlined.
    const bobsId = await upload(bob, original);
    const relayedCount = upstream.requests.length;
    await alice.responses.create({ model: 'hosted', input: question(bobsId) });
    expect(imagePartsSent(upstream.requests[relayedCount]!.json())).toEqual([{ type: 'input_image', file_id: bobsId, detail: 'high' }]);
  });
});
