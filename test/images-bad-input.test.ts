import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { querySqlite } from './support/accounting.ts';
import { dataUrl, leftHalfMaskPng, photoPng } from './support/images.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

interface Expected {
  status?: number;
  param: string | null;
  code?: string;
}

type FormPart = [name: string, value: string | Buffer];

describe('Images API: bad input is a 400 naming the param, and nothing is generated or charged', () => {
  let test: TestServer;
  let photo: Buffer;
  let mask: Buffer;
  let smallMask: Buffer;
  let opaqueMask: Buffer;
  let corrupt: Buffer;
  beforeAll(async () => {
    test = await startTestServer();
    photo = await photoPng();
    mask = await leftHalfMaskPng();
    smallMask = await leftHalfMaskPng(64);
    opaqueMask = await sharp(photo).removeAlpha().png().toBuffer();
    corrupt = photo.subarray(0, Math.floor(photo.length / 2));
  });
  afterAll(async () => test.dispose());

  const expectError = async (response: Response, expected: Expected) => {
    const body = (await response.json()) as { error: { param: string | null; code: string | null; type: string; message: string } };
    expect({ status: response.status, param: body.error.param }).toEqual({ status: expected.status ?? 400, param: expected.param });
    if (expected.code !== undefined) expect(body.error.code).toBe(expected.code);
    expect(body.error.message.length).toBeGreaterThan(0);
  };
  const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${test.server.url}/v1/images/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const postForm = (parts: FormPart[]) => {
    const form = new FormData();
    for (const [name, value] of parts) {
      if (typeof value === 'string') form.append(name, value);
      else form.append(name, new Blob([new Uint8Array(value)], { type: 'image/png' }), `${name}.png`);
    }
    return fetch(`${test.server.url}/v1/images/edits`, { method: 'POST', body: form });
  };

  const prompt = { prompt: 'a cat' };
  const generations: Array<[string, unknown, Expected, Record<string, string>?]> = [
    ['n = 0', { ...prompt, n: 0 }, { param: 'n', code: 'integer_below_min_value' }],
    ['n = 11', { ...prompt, n: 11 }, { param: 'n', code: 'integer_above_max_value' }],
    ['n a string', { ...prompt, n: '3' }, { param: 'n', code: 'invalid_type' }],
    ['unknown size', { ...prompt, size: 'huge' }, { param: 'size', code: 'invalid_value' }],
    ['missing prompt', { n: 1 }, { param: 'prompt', code: 'missing_required_parameter' }],
    ['empty prompt', { prompt: '' }, { param: 'prompt', code: 'empty_string' }],
    ['unknown field', { ...prompt, foo: 1 }, { param: 'foo', code: 'unknown_parameter' }],
    ['bad output_format', { ...prompt, output_format: 'gif' }, { param: 'output_format', code: 'invalid_value' }],
    ['output_compression 101', { ...prompt, output_compression: 101 }, { param: 'output_compression', code: 'integer_above_max_value' }],
    ['transparent jpeg', { ...prompt, background: 'transparent', output_format: 'jpeg' }, { param: 'background', code: 'invalid_value' }],
    ['partial_images 4', { ...prompt, partial_images: 4, stream: true }, { param: 'partial_images', code: 'integer_above_max_value' }],
    ['response_format url', { ...prompt, response_format: 'url' }, { param: 'response_format', code: 'unsupported_value' }],
    ['bad quality', { ...prompt, quality: 'ultra' }, { param: 'quality', code: 'invalid_value' }],
    ['bad style', { ...prompt, style: 'loud' }, { param: 'style', code: 'invalid_value' }],
    ['stream a string', { ...prompt, stream: 'yes' }, { param: 'stream', code: 'invalid_type' }],
    ['body an array', [prompt], { param: null, code: 'invalid_type' }],
    ['invalid JSON', '{"prompt": ', { param: null }],
    ['bad max-cost header', prompt, { param: 'x-imagegate-max-cost-usd', code: 'invalid_value' }, { 'x-imagegate-max-cost-usd': 'lots' }],
  ];
  for (const [name, body, expected, headers] of generations) {
    it(`generations: ${name}`, async () => expectError(await postJson('generations', body, headers), expected));
  }

  const multipart: Array<[string, () => FormPart[], Expected]> = [
    ['mask of another size', () => [['prompt', 'x'], ['image', photo], ['mask', smallMask]], { param: 'mask', code: 'invalid_image' }],
    ['mask without alpha', () => [['prompt', 'x'], ['image', photo], ['mask', opaqueMask]], { param: 'mask', code: 'invalid_image' }],
    ['corrupt PNG', () => [['prompt', 'x'], ['image', corrupt]], { param: 'image', code: 'invalid_image' }],
    ['a text file as image', () => [['prompt', 'x'], ['image', Buffer.from('not an image at all')]], { param: 'image', code: 'invalid_image' }],
    ['the fourth of four images corrupt', () => [['prompt', 'x'], ['image[]', photo], ['image[]', photo], ['image[]', photo], ['image[]', corrupt]], { param: 'image[3]', code: 'invalid_image' }],
    ['17 images', () => [['prompt', 'x'], ...Array.from({ length: 17 }, (): FormPart => ['image[]', photo])], { param: 'image', code: 'array_above_max_length' }],
    ['empty file', () => [['prompt', 'x'], ['image', Buffer.alloc(0)]], { param: 'image', code: 'empty_image_file' }],
    ['image not a file', () => [['prompt', 'x'], ['image', 'hello']], { param: 'image', code: 'invalid_type' }],
    ['no image', () => [['prompt', 'x']], { param: 'image', code: 'missing_required_parameter' }],
    ['missing prompt', () => [['image', photo]], { param: 'prompt', code: 'missing_required_parameter' }],
    ['n not a number', () => [['prompt', 'x'], ['image', photo], ['n', 'two']], { param: 'n', code: 'invalid_type' }],
    ['n = 11', () => [['prompt', 'x'], ['image', photo], ['n', '11']], { param: 'n', code: 'integer_above_max_value' }],
    ['hd quality (generations only)', () => [['prompt', 'x'], ['image', photo], ['quality', 'hd']], { param: 'quality', code: 'invalid_value' }],
    ['unknown text field', () => [['prompt', 'x'], ['image', photo], ['colour', 'red']], { param: 'colour', code: 'unknown_parameter' }],
    ['unknown file field', () => [['prompt', 'x'], ['image', photo], ['extra', photo]], { param: 'extra', code: 'unknown_parameter' }],
    ['prompt sent as a file', () => [['prompt', photo], ['image', photo]], { param: 'prompt', code: 'invalid_type' }],
  ];
  for (const [name, parts, expected] of multipart) {
    it(`edits (multipart): ${name}`, async () => expectError(await postForm(parts()), expected));
  }

  const image = () => ({ image_url: dataUrl(photo) });
  const jsonEdits: Array<[string, () => unknown, Expected]> = [
    ['an unknown file_id image', () => ({ prompt: 'x', images: [{ file_id: 'file-abc' }] }), { status: 404, param: 'images[0].file_id', code: 'file_not_found' }],
    ['an unknown file_id mask', () => ({ prompt: 'x', images: [image()], mask: { file_id: 'file-abc' } }), { status: 404, param: 'mask.file_id', code: 'file_not_found' }],
    ['image_url and file_id together', () => ({ prompt: 'x', images: [{ ...image(), file_id: 'file-abc' }] }), { param: 'images[0].file_id', code: 'invalid_value' }],
    ['no images', () => ({ prompt: 'x' }), { param: 'images', code: 'missing_required_parameter' }],
    ['17 images', () => ({ prompt: 'x', images: Array.from({ length: 17 }, image) }), { param: 'images', code: 'array_above_max_length' }],
    ['an empty reference', () => ({ prompt: 'x', images: [{}] }), { param: 'images[0].image_url', code: 'missing_required_parameter' }],
    ['bad base64', () => ({ prompt: 'x', images: [{ image_url: 'data:image/png;base64,@@@@' }] }), { param: 'images[0].image_url', code: 'invalid_base64_image' }],
    ['a private address', () => ({ prompt: 'x', images: [{ image_url: 'http://127.0.0.1:9/cat.png' }] }), { param: 'images[0].image_url' }],
    ['mask of another size', () => ({ prompt: 'x', images: [image()], mask: { image_url: dataUrl(smallMask) } }), { param: 'mask', code: 'invalid_image' }],
    ['second image corrupt', () => ({ prompt: 'x', images: [image(), { image_url: dataUrl(corrupt) }] }), { param: 'images[1].image_url', code: 'invalid_image' }],
  ];
  for (const [name, body, expected] of jsonEdits) {
    it(`edits (JSON): ${name}`, async () => expectError(await postJson('edits', body()), expected));
  }

  it('the good multipart request next to them works, and none of the bad ones was charged', async () => {
    const ok = await postForm([['prompt', 'x'], ['image', photo], ['mask', mask]]);
    expect(ok.status).toBe(200);
    const ledger = querySqlite<{ images: number }>(test.dataDir, 'select coalesce(sum(images), 0) as images from usage_ledger');
    expect(ledger.images).toBe(1);
  });
});
