import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type OpenAI from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LooseBody, type TestServer, imagesOf, startTestServer } from './support/test-server.ts';

const SIZE = 128;

async function photo(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}"><rect width="100%" height="100%" fill="#3a7"/><circle cx="64" cy="64" r="40" fill="#fd3"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Alpha 0 on the left half (edit there), opaque on the right half (keep). */
async function leftHalfMask(): Promise<Buffer> {
  const raw = Buffer.alloc(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) raw[(y * SIZE + x) * 4 + 3] = x < SIZE / 2 ? 0 : 255;
  return sharp(raw, { raw: { width: SIZE, height: SIZE, channels: 4 } }).png().toBuffer();
}

async function rgb(bytes: Buffer): Promise<Buffer> {
  return sharp(bytes).removeAlpha().raw().toBuffer();
}

const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

describe('input images', () => {
  let test: TestServer;
  let imageHost: Server;
  let imageUrl: string;
  let original: Buffer;

  beforeAll(async () => {
    original = await photo();
    imageHost = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(original);
    });
    await new Promise<void>((resolve) => imageHost.listen(0, '127.0.0.1', resolve));
    imageUrl = `http://127.0.0.1:${(imageHost.address() as AddressInfo).port}/photo.png`;
    test = await startTestServer({ imageUrls: { allowPrivateAddresses: true, maxBytes: 1_000_000, timeoutMillis: 2000 } });
  });
  afterAll(async () => {
    await test.dispose();
    await new Promise((resolve) => imageHost.close(resolve));
  });

  const create = (body: LooseBody) => test.client.responses.create(body as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);

  it('fetches an http image_url (when private addresses are allowed) and edits it at its own size', async () => {
    const response = await create({
      model: 'simulator',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Edit this image: add a sunset glow.' }, { type: 'input_image', image_url: imageUrl, detail: 'auto' }] }],
      tools: [{ type: 'image_generation', output_format: 'png' }],
    });
    const [edited] = imagesOf(response);
    expect(edited?.action).toBe('edit');
    expect(edited?.size).toBe(`${SIZE}x${SIZE}`);
    const metadata = await sharp(Buffer.from(edited!.result, 'base64')).metadata();
    expect([metadata.width, metadata.height]).toEqual([SIZE, SIZE]);
  });

  it('an edit with input_image_mask changes only the masked (transparent) region', async () => {
    const response = await create({
      model: 'simulator',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Edit this image: paint it purple.' }, { type: 'input_image', image_url: dataUrl(original), detail: 'auto' }] }],
      tools: [{ type: 'image_generation', output_format: 'png', input_image_mask: { image_url: dataUrl(await leftHalfMask()) } }],
    });
    const [edited] = imagesOf(response);
    expect(edited?.action).toBe('edit');
    const before = await rgb(original);
    const after = await rgb(Buffer.from(edited!.result, 'base64'));
    let changedLeft = 0;
    let changedRight = 0;
    for (let y = 0; y < SIZE; y++) {
      for (let x = 0; x < SIZE; x++) {
        const offset = (y * SIZE + x) * 3;
        const differs = before[offset] !== after[offset] || before[offset + 1] !== after[offset + 1] || before[offset + 2] !== after[offset + 2];
        if (differs && x < SIZE / 2) changedLeft++;
        if (differs && x >= SIZE / 2) changedRight++;
      }
    }
    expect(changedRight).toBe(0);
    expect(changedLeft).toBeGreaterThan((SIZE * SIZE) / 4);
  });

  it('a mask that is not an image is a 400 naming the mask', async () => {
    const error = await create({
      model: 'simulator',
      input: 'Draw a cat.',
      tools: [{ type: 'image_generation', input_image_mask: { image_url: `data:image/png;base64,${Buffer.from('not an image').toString('base64')}` } }],
    }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 400, param: 'tools[0].input_image_mask.image_url', code: 'invalid_image' });
  });
});
