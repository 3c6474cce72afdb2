import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { photoPng } from './support/images.ts';
import { pngBomb } from './support/png-bomb.ts';
import { type ServeProcess, serveProcess } from './support/serve-process.ts';

/** Peak resident memory of a process so far (Linux VmHWM), in bytes. */
function peakRssBytes(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
}

const MAX_RSS_BYTES = 500 * 1024 * 1024;

interface ErrorBody {
  error: { type: string; param: string | null; code: string | null; message: string };
}

// Measured on the server as a separate process (`imagegate serve`), as an operator would.
describe('decompression bombs are refused from their header; the server stays small', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-bombs-'));
  let server: ServeProcess;
  const bomb = pngBomb(16383, 16383);
  const bombUrl = `data:image/png;base64,${bomb.toString('base64')}`;
  beforeAll(async () => {
    server = await serveProcess(['--port', '0', '--data-dir', dataDir]);
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const postJson = (path: string, body: unknown) =>
    fetch(`${server.url}/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const postForm = (parts: Array<[string, Buffer, string]>) => {
    const form = new FormData();
    form.append('prompt', 'make it blue');
    for (const [name, data, type] of parts) form.append(name, new Blob([new Uint8Array(data)], { type }), `${name}.bin`);
    return fetch(`${server.url}/v1/images/edits`, { method: 'POST', body: form });
  };

  it('six concurrent 16383x16383 PNG bombs (and an SVG) are 400s naming the field, and peak RSS stays under 500 MB', async () => {
    expect(bomb.length).toBeLessThan(50_000);
    const photo = await photoPng();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="30000" height="30000"><rect width="100%" height="100%"/></svg>');
    const userImage = (url: string) => ({ role: 'user', content: [{ type: 'input_text', text: 'what is this?' }, { type: 'input_image', image_url: url }] });
    const answers = await Promise.all([
      postJson('/responses', { model: 'simulator', input: [userImage(bombUrl)] }),
      postJson('/responses', { model: 'simulator', input: [userImage(bombUrl)], tools: [{ type: 'image_generation' }] }),
      postJson('/responses', {
        model: 'simulator',
        input: 'edit it',
        tools: [{ type: 'image_generation', input_image_mask: { image_url: bombUrl } }],
      }),
      postJson('/images/edits', { prompt: 'make it blue', images: [{ image_url: bombUrl }] }),
      postForm([
        ['image[]', photo, 'image/png'],
        ['image[]', photo, 'image/png'],
        ['image[]', photo, 'image/png'],
        ['image[]', bomb, 'image/png'],
      ]),
      postForm([
        ['image', photo, 'image/png'],
        ['mask', bomb, 'image/png'],
      ]),
      postForm([['image', svg, 'image/svg+xml']]),
    ]);
    const bodies = (await Promise.all(answers.map((answer) => answer.json()))) as ErrorBody[];
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400, 400, 400, 400]);
    expect(bodies.map((body) => [body.error.param, body.error.code])).toEqual([
      ['input[0].content[1].image_url', 'image_too_large'],
      ['input[0].content[1].image_url', 'image_too_large'],
      ['tools[0].input_image_mask.image_url', 'image_too_large'],
      ['images[0].image_url', 'image_too_large'],
      ['image[3]', 'image_too_large'],
      ['mask', 'image_too_large'],
      ['image', 'invalid_image'],
    ]);
    expect(bodies[0]!.error.message).toContain('16383x16383');
    expect(peakRssBytes(server.child.pid!)).toBeLessThan(MAX_RSS_BYTES);
  }, 60_000);

  it('an image at the pixel limit is read; the limit is the configured one', async () => {
    const atLimit = await sharp({ create: { width: 8000, height: 5000, channels: 3, background: '#336' } }).png().toBuffer();
    const answer = await postJson('/responses', { model: 'simulator', input: [{ role: 'user', content: [{ type: 'input_image', image_url: `data:image/png;base64,${atLimit.toString('base64')}` }] }] });
    expect(answer.status).toBe(200);
  }, 60_000);
});
