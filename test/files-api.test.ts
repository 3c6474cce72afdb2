import OpenAI, { toFile } from 'openai';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey } from './support/accounting.ts';
import { loadOpenAISpec } from './support/spec-validators.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

const MAX_BODY_BYTES = 200_000;
const MAX_PIXELS = 1_000_000;

const png = (width: number, height: number, background = '#3a7') => sharp({ create: { width, height, channels: 4, background } }).png().toBuffer();

describe('Files API for images, through the official client', () => {
  let test: TestServer;
  let alice: OpenAI;
  let bob: OpenAI;
  let aliceSecret: string;
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY }, maxBodyBytes: MAX_BODY_BYTES, limits: { maxInputImagePixels: MAX_PIXELS } });
    aliceSecret = (await createKey(test.server.url, 'alice')).secret;
    alice = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: aliceSecret, maxRetries: 0 });
    bob = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: (await createKey(test.server.url, 'bob')).secret, maxRetries: 0 });
  });
  afterAll(async () => test.dispose());

  it('uploads a PNG, retrieves it, downloads the exact bytes with their content type, lists and deletes it', async () => {
    const bytes = await png(64, 48);
    const before = Math.floor(Date.now() / 1000);
    const file = await alice.files.create({ file: await toFile(bytes, 'cat.png', { type: 'image/png' }), purpose: 'vision' });
    expect(file).toEqual({
      id: expect.stringMatching(/^file-[a-z0-9]{24}$/),
      object: 'file',
      bytes: bytes.byteLength,
      created_at: expect.any(Number),
      filename: 'cat.png',
      purpose: 'vision',
      status: 'processed',
    });
    expect(file.created_at).toBeGreaterThanOrEqual(before);
    await expect(alice.files.retrieve(file.id)).resolves.toEqual(file);

    const content = await alice.files.content(file.id);
    expect(content.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await content.arrayBuffer()).equals(bytes)).toBe(true);

    const listed = await alice.files.list();
    expect(listed.data.map((entry) => entry.id)).toContain(file.id);

    await expect(alice.files.delete(file.id)).resolves.toEqual({ id: file.id, object: 'file', deleted: true });
    await expect(alice.files.retrieve(file.id)).rejects.toMatchObject({ status: 404, param: 'file_id', code: 'file_not_found' });
    await expect(alice.files.content(file.id)).rejects.toMatchObject({ status: 404 });
    await expect(alice.files.delete(file.id)).rejects.toMatchObject({ status: 404 });
  });

  it("file objects, lists and deletions conform to OpenAI's spec (OpenAIFile, ListFilesResponse, DeleteFileResponse)", async () => {
    const spec = loadOpenAISpec();
    const plain = await alice.files.create({ file: await toFile(await png(8, 8), 'a.png'), purpose: 'vision' });
    const expiring = await alice.files.create({ file: await toFile(await png(8, 8), 'b.png'), purpose: 'user_data', expires_after: { anchor: 'created_at', seconds: 7200 } });
    expect(spec.errorsOf('OpenAIFile', plain)).toEqual([]);
    expect(spec.errorsOf('OpenAIFile', expiring)).toEqual([]);
    const listed = await fetch(`${test.server.url}/v1/files?limit=2`, { headers: { authorization: `Bearer ${aliceSecret}` } });
    expect(spec.errorsOf('ListFilesResponse', await listed.json())).toEqual([]);
    const deleted = await fetch(`${test.server.url}/v1/files/${plain.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${aliceSecret}` } });
    expect(spec.errorsOf('DeleteFileResponse', await deleted.json())).toEqual([]);
  });

  it('takes JPEG, WebP and GIF as well, and labels each download with its real type', async () => {
    for (const format of ['jpeg', 'webp', 'gif'] as const) {
      const bytes = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#a35' } }).toFormat(format).toBuffer();
      // The name and the declared type say PNG: the bytes decide.
      const file = await alice.files.create({ file: await toFile(bytes, 'misnamed.png', { type: 'image/png' }), purpose: 'user_data' });
      const content = await alice.files.content(file.id);
      expect([format, content.headers.get('content-type')]).toEqual([format, `image/${format}`]);
      expect(Buffer.from(await content.arrayBuffer()).equals(bytes)).toBe(true);
    }
  });

  it('lists newest first, filters by purpose, pages with limit and after', async () => {
    const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: (await createKey(test.server.url, 'lister')).secret, maxRetries: 0 });
    const ids: string[] = [];
    for (const purpose of ['vision', 'user_data', 'vision'] as const) {
      ids.push((await client.files.create({ file: await toFile(await png(8, 8), 'a.png'), purpose })).id);
    }
    const all = await client.files.list({ order: 'asc' });
    expect(all.data).toHaveLength(3);
    expect(new Set(all.data.map((file) => file.id))).toEqual(new Set(ids));
    const vision = await client.files.list({ purpose: 'vision' });
    expect(vision.data.map((file) => file.purpose)).toEqual(['vision', 'vision']);

    const first = await client.files.list({ limit: 2, order: 'asc' });
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const second = await client.files.list({ limit: 2, order: 'asc', after: first.data[1]!.id });
    expect(second.data.map((file) => file.id)).toEqual([all.data[2]!.id]);
    expect(second.has_more).toBe(false);
    // The SDK's auto-pagination follows the same cursor.
    const walked: string[] = [];
    for await (const file of await client.files.list({ limit: 1, order: 'asc' })) walked.push(file.id);
    expect(walked).toEqual(all.data.map((file) => file.id));
    const newestFirst = await client.files.list();
    expect(newestFirst.data.map((file) => file.id)).toEqual([...all.data].reverse().map((file) => file.id));
  });

  it('expires_after sets expires_at (anchor created_at, 1 hour to 30 days)', async () => {
    const file = await alice.files.create({ file: await toFile(await png(8, 8), 'a.png'), purpose: 'vision', expires_after: { anchor: 'created_at', seconds: 3600 } });
    expect(file.expires_at).toBe(file.created_at + 3600);
    await expect(
      alice.files.create({ file: await toFile(await png(8, 8), 'a.png'), purpose: 'vision', expires_after: { anchor: 'created_at', seconds: 60 } }),
    ).rejects.toMatchObject({ status: 400, param: 'expires_after.seconds' });
  });

  it("another key gets 404 for every id of alice's, and sees none of them listed", async () => {
    const file = await alice.files.create({ file: await toFile(await png(8, 8), 'mine.png'), purpose: 'vision' });
    await expect(bob.files.retrieve(file.id)).rejects.toMatchObject({ status: 404, param: 'file_id', code: 'file_not_found' });
    await expect(bob.files.content(file.id)).rejects.toMatchObject({ status: 404, param: 'file_id', code: 'file_not_found' });
    await expect(bob.files.delete(file.id)).rejects.toMatchObject({ status: 404, param: 'file_id', code: 'file_not_found' });
    expect((await bob.files.list()).data).toEqual([]);
    expect((await bob.files.list({ after: file.id })).data).toEqual([]);
    await expect(alice.files.retrieve(file.id)).resolves.toMatchObject({ id: file.id });
  });

  const refusals: Array<[string, () => Promise<Parameters<OpenAI['files']['create']>[0]>, { status: number; param: string | null; code: string }]> = [
    ['a text file', async () => ({ file: await toFile(Buffer.from('hello, world\n'), 'notes.txt'), purpose: 'vision' }), { status: 400, param: 'file', code: 'invalid_image_format' }],
    [
      'an SVG',
      async () => ({ file: await toFile(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>'), 'a.svg', { type: 'image/svg+xml' }), purpose: 'vision' }),
      { status: 400, param: 'file', code: 'invalid_image_format' },
    ],
    ['a truncated PNG', async () => ({ file: await toFile((await png(64, 64, '#123456')).subarray(0, 80), 'cut.png'), purpose: 'vision' }), { status: 400, param: 'file', code: 'invalid_image' }],
    ['an empty file', async () => ({ file: await toFile(Buffer.alloc(0), 'empty.png'), purpose: 'vision' }), { status: 400, param: 'file', code: 'empty_file' }],
    ['more pixels than limits.maxInputImagePixels', async () => ({ file: await toFile(await png(1001, 1000), 'big.png'), purpose: 'vision' }), { status: 400, param: 'file', code: 'image_too_large' }],
    ['a purpose imagegate does not keep', async () => ({ file: await toFile(await png(8, 8), 'a.png'), purpose: 'fine-tune' }), { status: 400, param: 'purpose', code: 'unsupported_value' }],
    ['an unknown purpose', async () => ({ file: await toFile(await png(8, 8), 'a.png'), purpose: 'holiday' as 'vision' }), { status: 400, param: 'purpose', code: 'invalid_value' }],
  ];
  for (const [name, body, expected] of refusals) {
    it(`refuses ${name}: ${expected.status} naming ${expected.param}, nothing stored`, async () => {
      const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: (await createKey(test.server.url, `refused-${name}`)).secret, maxRetries: 0 });
      await expect(client.files.create(await body())).rejects.toMatchObject({ ...expected, type: 'invalid_request_error' });
      expect((await client.files.list()).data).toEqual([]);
    });
  }

  it('a body over maxBodyBytes is 413; a missing file or purpose is 400 naming it', async () => {
    const noise = Buffer.alloc(MAX_BODY_BYTES + 1, 7);
    await expect(alice.files.create({ file: await toFile(noise, 'huge.png'), purpose: 'vision' })).rejects.toMatchObject({ status: 413, code: 'request_too_large' });
    const post = (form: FormData) => fetch(`${test.server.url}/v1/files`, { method: 'POST', headers: { authorization: `Bearer ${aliceSecret}` }, body: form });
    const noFile = new FormData();
    noFile.set('purpose', 'vision');
    const missingFile = await post(noFile);
    expect([missingFile.status, ((await missingFile.json()) as { error: { param: string } }).error.param]).toEqual([400, 'file']);
    const noPurpose = new FormData();
    noPurpose.set('file', new Blob([await png(8, 8)]), 'a.png');
    const missingPurpose = await post(noPurpose);
    expect([missingPurpose.status, ((await missingPurpose.json()) as { error: { param: string } }).error.param]).toEqual([400, 'purpose']);
    const extra = new FormData();
    extra.set('file', new Blob([await png(8, 8)]), 'a.png');
    extra.set('purpose', 'vision');
    extra.set('colour', 'red');
    const unknown = await post(extra);
    expect([unknown.status, ((await unknown.json()) as { error: { code: string } }).error.code]).toEqual([400, 'unknown_parameter']);
    const hostile = new FormData();
    hostile.set('file', new Blob([await png(8, 8)]), 'a.png');
    hostile.set('purpose', 'vision');
    hostile.set('__proto__[polluted]', 'yes');
    const refused = await post(hostile);
    expect([refused.status, ((await refused.json()) as { error: { param: string } }).error.param]).toEqual([400, '__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
