import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

const TOOL = { type: 'image_generation' as const, size: '128x128', output_format: 'png' as const };

async function pixels(base64: string): Promise<Buffer> {
  return sharp(Buffer.from(base64, 'base64')).removeAlpha().raw().toBuffer();
}

describe('storage survives a restart', () => {
  let test: TestServer;
  afterAll(async () => test.dispose());

  it('keeps responses and previous_response_id chains, edits the earlier image, and deletes with images', async () => {
    test = await startTestServer();
    const first = await test.client.responses.create({ model: 'simulator', input: 'Draw a green teapot.', tools: [TOOL] });
    const image = imagesOf(first)[0]!;
    expect(image.id).toMatch(/^ig_/);
    const blobFiles = readdirSync(join(test.dataDir, 'blobs'), { recursive: true });
    expect(blobFiles.length).toBeGreaterThan(0);

    // Restart on the same data directory.
    await test.stop();
    test = await startTestServer({}, test.dataDir);

    const again = await test.client.responses.retrieve(first.id);
    const { output_text: _a, ...storedCopy } = again as unknown as Record<string, unknown>;
    const { output_text: _b, ...original } = first as unknown as Record<string, unknown>;
    expect(storedCopy).toEqual(original);

    const items = await test.client.responses.inputItems.list(first.id);
    expect(items.data).toHaveLength(1);
    expect(items.data[0]).toMatchObject({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Draw a green teapot.' }] });

    const edit = await test.client.responses.create({
      model: 'simulator',
      previous_response_id: first.id,
      input: 'Now edit it: make the teapot red.',
      tools: [TOOL],
    });
    const edited = imagesOf(edit)[0]!;
    expect(edited.action).toBe('edit');
    const before = await pixels(image.result);
    const after = await pixels(edited.result);
    expect(after.length).toBe(before.length);
    expect(after.equals(before)).toBe(false);

    // The same image referenced by id (multi-turn editing without previous_response_id).
    const byReference = await test.client.responses.create({
      model: 'simulator',
      input: [{ role: 'user', content: 'Edit this image: add a hat.' }, { type: 'image_generation_call', id: image.id } as never],
      tools: [TOOL],
    });
    expect(imagesOf(byReference)[0]?.action).toBe('edit');

    const deleted = await test.client.responses.delete(first.id);
    expect(deleted).toMatchObject({ id: first.id, deleted: true });
    await expect(test.client.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
    expect(existsSync(join(test.dataDir, 'blobs', 'responses', first.id))).toBe(false);
  });

  it('store: false is not persisted', async () => {
    const response = await test.client.responses.create({ model: 'simulator', input: 'hello', store: false });
    expect((response as unknown as { store: boolean }).store).toBe(false);
    await expect(test.client.responses.retrieve(response.id)).rejects.toMatchObject({ status: 404 });
  });

  it('function calls go back to the caller, who continues with function_call_output', async () => {
    const tools = [
      { type: 'function' as const, name: 'get_weather', description: 'Weather for a city', strict: false, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    ];
    const first = await test.client.responses.create({ model: 'simulator', input: 'Call get_weather for Oslo.', tools });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', id: expect.stringMatching(/^fc_/) });
    const second = await test.client.responses.create({
      model: 'simulator',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: (call as { call_id: string }).call_id, output: '{"temperature_c": 21}' }],
      tools,
    });
    expect(second.output.at(-1)?.type).toBe('message');
    expect(second.output_text).toContain('21');
  });
});
