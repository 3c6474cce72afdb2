import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toFile } from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHOTO_SIZE, changedHalves, dataUrl, fromBase64, leftHalfMaskPng, photoPng } from './support/images.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

interface ImagegateBlock {
  simulated: boolean;
  model: string;
  cost: { total_usd: number | null; lines: Array<{ kind: string; cost_usd: number | null }> };
}
const imagegateOf = (body: unknown) => (body as { imagegate: ImagegateBlock }).imagegate;

describe('Images API through the official openai client', () => {
  let test: TestServer;
  let imageHost: Server;
  let photo: Buffer;
  let mask: Buffer;
  beforeAll(async () => {
    photo = await photoPng();
    mask = await leftHalfMaskPng();
    imageHost = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(photo);
    });
    await new Promise<void>((resolve) => imageHost.listen(0, '127.0.0.1', resolve));
    test = await startTestServer({ imageUrls: { allowPrivateAddresses: true, maxBytes: 1_000_000, timeoutMillis: 2000 } });
  });
  afterAll(async () => {
    await test.dispose();
    await new Promise((resolve) => imageHost.close(resolve));
  });

  it('images.generate: exactly n images of the asked size and format, with cost and our block', async () => {
    const { data: body, response } = await test.client.images
      .generate({ model: 'gpt-image-2', prompt: 'A lighthouse at dusk', n: 3, size: '512x512', output_format: 'webp', quality: 'low' })
      .withResponse();
    expect(body.data).toHaveLength(3);
    for (const image of body.data ?? []) {
      const metadata = await sharp(fromBase64(image.b64_json)).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual(['webp', 512, 512]);
    }
    expect(new Set(body.data?.map((image) => image.b64_json)).size).toBe(3);
    expect(body).toMatchObject({ output_format: 'webp', size: '512x512', quality: 'low', background: 'opaque' });
    expect(body.created).toBeTypeOf('number');
    const imagegate = imagegateOf(body);
    expect(imagegate).toMatchObject({ simulated: true, model: 'procedural' });
    expect(imagegate.cost.lines.filter((line) => line.kind === 'image')).toHaveLength(3);
    expect(Number(response.headers.get('x-imagegate-cost-usd'))).toBeCloseTo(imagegate.cost.total_usd ?? -1, 6);
  });

  it('n defaults to 1; a transparent png has a real alpha channel', async () => {
    const body = await test.client.images.generate({ prompt: 'A floating balloon', size: '256x256', background: 'transparent' });
    expect(body.data).toHaveLength(1);
    expect(body.background).toBe('transparent');
    const metadata = await sharp(fromBase64(body.data?.[0]?.b64_json)).metadata();
    expect([metadata.format, metadata.hasAlpha]).toEqual(['png', true]);
  });

  it('images.edit (multipart) with a mask: every image changes only inside the masked region', async () => {
    const body = await test.client.images.edit({
      prompt: 'Paint it purple',
      image: await toFile(photo, 'photo.png', { type: 'image/png' }),
      mask: await toFile(mask, 'mask.png', { type: 'image/png' }),
      n: 2,
    });
    expect(body.data).toHaveLength(2);
    expect(body.size).toBe(`${PHOTO_SIZE}x${PHOTO_SIZE}`);
    for (const image of body.data ?? []) {
      const changed = await changedHalves(photo, fromBase64(image.b64_json));
      expect(changed.left).toBeGreaterThan(1000);
      expect(changed.right).toBe(0);
    }
  });

  it('images.edit with several images (image[]) edits the first at its size', async () => {
    const other = await sharp({ create: { width: 32, height: 48, channels: 3, background: '#c33' } }).jpeg().toBuffer();
    const body = await test.client.images.edit({
      prompt: 'Blend these',
      image: [await toFile(photo, 'a.png', { type: 'image/png' }), await toFile(other, 'b.jpg', { type: 'image/jpeg' })],
      output_format: 'jpeg',
    });
    expect(body.data).toHaveLength(1);
    const metadata = await sharp(fromBase64(body.data?.[0]?.b64_json)).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', PHOTO_SIZE, PHOTO_SIZE]);
  });

  it('the JSON edit form: images as data and http(s) URLs, a mask as a data URL', async () => {
    const hostUrl = `http://127.0.0.1:${(imageHost.address() as AddressInfo).port}/photo.png`;
    const response = await fetch(`${test.server.url}/v1/images/edits`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-image-2', prompt: 'Paint it purple', images: [{ image_url: hostUrl }, { image_url: dataUrl(photo) }], mask: { image_url: dataUrl(mask) }, n: 2 }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: Array<{ b64_json: string }>; size: string };
    expect(body.data).toHaveLength(2);
    for (const image of body.data) expect((await changedHalves(photo, fromBase64(image.b64_json))).right).toBe(0);
  });

  it('stream: exactly partial_images partial events, then one completed event per image', async () => {
    const stream = await test.client.images.generate({ prompt: 'A small robot', size: '256x256', output_format: 'jpeg', partial_images: 2, stream: true, n: 2 });
    const events: Array<Record<string, unknown> & { type: string }> = [];
    for await (const event of stream) events.push(event as unknown as Record<string, unknown> & { type: string });
    expect(events.map((event) => event.type)).toEqual([
      'image_generation.partial_image',
      'image_generation.partial_image',
      'image_generation.partial_image',
      'image_generation.partial_image',
      'image_generation.completed',
      'image_generation.completed',
    ]);
    expect(events.slice(0, 4).map((event) => event['partial_image_index'])).toEqual([0, 1, 0, 1]);
    for (const event of events) {
      const metadata = await sharp(fromBase64(event['b64_json'] as string)).metadata();
      expect([metadata.format, metadata.width, metadata.height]).toEqual(['jpeg', 256, 256]);
      expect(event).toMatchObject({ output_format: 'jpeg', size: '256x256', background: expect.any(String), quality: expect.any(String), created_at: expect.any(Number) });
    }
    const completed = events.filter((event) => event.type === 'image_generation.completed');
    expect(completed[0]?.['b64_json']).not.toBe(completed[1]?.['b64_json']);
    // Each image is charged with its partial images (the surcharge applies when streaming).
    expect(imagegateOf(completed[1]).cost.lines).toHaveLength(2);
  });

  it('stream for an edit uses the image_edit.* events', async () => {
    const stream = await test.client.images.edit({ prompt: 'Make it glow', image: await toFile(photo, 'p.png', { type: 'image/png' }), partial_images: 1, stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types).toEqual(['image_edit.partial_image', 'image_edit.completed']);
  });

  it('standard / hd quality (dall-e-3 names) are read as medium / high', async () => {
    const body = await test.client.images.generate({ prompt: 'A fox', quality: 'hd', size: '256x256' });
    expect(body.quality).toBe('high');
  });
});
