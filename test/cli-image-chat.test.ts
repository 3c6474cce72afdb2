import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey } from './support/accounting.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

const BIN = fileURLToPath(new URL('../bin/imagegate.js', import.meta.url));

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The machine's provider keys and URLs removed, so only what a test sets reaches the CLI. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/_API_KEY$|_BASE_URL$|^IMAGEGATE_/.test(key)) delete env[key];
  return { ...env, ...extra };
}

/** Runs `imagegate …` as a user would, with stdin, stdout and stderr piped (not a terminal). */
function cli(args: string[], env: Record<string, string>, input = ''): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { env: cleanEnv(env), cwd: tmpdir() }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input);
  });
}

interface ImageJson {
  files: string[];
  partial_files: string[];
  cost_usd: number | null;
  size: string;
  output_format: string;
}

// Each case starts the CLI as a child process (about a second each, more on a busy machine).
describe('imagegate image / edit / chat (not a terminal)', { timeout: 90_000 }, () => {
  let test: TestServer;
  let outputDir: string;
  const env = () => ({ IMAGEGATE_BASE_URL: test.server.url });
  beforeAll(async () => {
    test = await startTestServer();
    outputDir = mkdtempSync(join(tmpdir(), 'imagegate-cli-out-'));
  });
  afterAll(async () => {
    await test.dispose();
    rmSync(outputDir, { recursive: true, force: true });
  });

  it('image --json saves n images of the asked size and format and reports the cost; stdout is only JSON', async () => {
    const run = await cli(['image', 'a red fox in the snow', '--json', '-n', '2', '--size', '256x256', '--format', 'webp', '-o', outputDir], env());
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as ImageJson;
    expect(result.files).toHaveLength(2);
    for (const file of result.files) {
      expect(file).toMatch(/\/\d{8}-\d{6}-a-red-fox-in-the-snow-[12]\.webp$/);
      const metadata = await sharp(file).metadata();
      expect(metadata).toMatchObject({ format: 'webp', width: 256, height: 256 });
    }
    expect(result.cost_usd).toBeGreaterThan(0);
    expect(result).toMatchObject({ size: '256x256', output_format: 'webp', partial_files: [] });
    // No spinner or colour codes when nothing is a terminal; the human lines went to stderr.
    expect(run.stderr).not.toContain('\x1b');
    expect(run.stderr).toContain('saved ');
  });

  it('--partials streams and saves partial images as well as the finals', async () => {
    const run = await cli(['image', 'a lighthouse', '--json', '--partial-images', '2', '--size', '64x64', '-o', outputDir], env());
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as ImageJson;
    expect(result.files).toHaveLength(1);
    expect(result.partial_files).toHaveLength(2);
    expect(result.partial_files[1]).toMatch(/a-lighthouse-1-partial-2\.png$/);
    for (const file of [...result.files, ...result.partial_files]) expect(existsSync(file)).toBe(true);
    expect(result.cost_usd).toBeGreaterThan(0);
  });

  it('human output names each file and the cost', async () => {
    const run = await cli(['image', 'a small owl', '--size', '64x64', '-o', outputDir], env());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^saved .*a-small-owl-1\.png$/m);
    expect(run.stdout).toMatch(/^1 image \(64x64 png\), cost \$0\.\d{6}$/m);
  });

  it('a bad argument is a usage error: exit 2 with a message, nothing sent', async () => {
    const [zero, size, missing, noPrompt, emptyPrompt] = await Promise.all([
      cli(['image', 'x', '-n', '0'], env()),
      cli(['image', 'x', '--size', 'huge'], env()),
      cli(['edit', join(outputDir, 'no-such.png'), 'x'], env()),
      cli(['edit', 'only-one-word'], env()),
      cli(['image', ' '], env()),
    ]);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--count');
    expect(size.code).toBe(2);
    expect(size.stderr).toContain('WIDTHxHEIGHT');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such file');
    expect(noPrompt.code).toBe(2);
    expect(emptyPrompt.code).toBe(2);
  });

  it('an error from the server exits 1 with its message', async () => {
    const run = await cli(['image', 'x', '--size', '8x8'], env());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/400: .*\(param: size\)/);
  });

  it('an unreachable server exits 1 and says where it looked', async () => {
    const gone = await startTestServer();
    const url = gone.server.url;
    await gone.dispose();
    const run = await cli(['image', 'x', '--json'], { IMAGEGATE_BASE_URL: url });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`cannot reach imagegate: ECONNREFUSED (at ${url}`);
  });

  it('edit with a mask changes only the transparent region of the mask', async () => {
    const width = 128;
    const height = 128;
    const base = join(outputDir, 'base.png');
    const mask = join(outputDir, 'mask.png');
    await sharp({ create: { width, height, channels: 3, background: '#3a7' } }).png().toFile(base);
    const maskPixels = Buffer.alloc(width * height * 4, 255);
    for (let index = 0; index < (width * height) / 2; index++) maskPixels[index * 4 + 3] = 0; // top half: alpha 0 = edit here
    await sharp(maskPixels, { raw: { width, height, channels: 4 } }).png().toFile(mask);

    const run = await cli(['edit', base, '--mask', mask, 'paint a yellow sun', '--json', '-o', outputDir], env());
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as ImageJson;
    expect(result.files).toHaveLength(1);
    expect(result.files[0]).toMatch(/paint-a-yellow-sun-1\.png$/);
    expect(result.cost_usd).toBeGreaterThan(0);
    const before = await sharp(base).removeAlpha().raw().toBuffer();
    const after = await sharp(result.files[0]).removeAlpha().raw().toBuffer();
    expect(after.length).toBe(before.length);
    const half = before.length / 2;
    expect(after.subarray(0, half).equals(before.subarray(0, half))).toBe(false);
    expect(after.subarray(half).equals(before.subarray(half))).toBe(true);
  });

  it('edit takes several images (sent as image[])', async () => {
    const first = join(outputDir, 'first.png');
    const second = join(outputDir, 'second.jpg');
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#228' } }).png().toFile(first);
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#822' } }).jpeg().toFile(second);
    const run = await cli(['edit', first, second, 'combine them', '--json', '-o', outputDir], env());
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as ImageJson;
    expect(existsSync(result.files[0]!)).toBe(true);
  });

  it('--local runs its own server in process: no server needed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'imagegate-cli-local-'));
    try {
      const run = await cli(['image', 'a cat', '--local', '--data-dir', dataDir, '--json', '--size', '64x64', '-o', outputDir], {});
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as ImageJson;
      expect(existsSync(result.files[0]!)).toBe(true);
      expect(result.cost_usd).toBeGreaterThan(0);
      expect(existsSync(join(dataDir, 'imagegate.sqlite'))).toBe(true);
      const both = await cli(['image', 'x', '--local', '--base-url', 'http://127.0.0.1:1'], {});
      expect(both.code).toBe(2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('sends IMAGEGATE_API_KEY, else OPENAI_API_KEY, as the bearer key; a refused key exits 1', async () => {
    const guarded = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
    try {
      const { secret } = await createKey(guarded.server.url, 'cli');
      const args = ['image', 'a key', '--json', '--size', '64x64', '-o', outputDir];
      const base = { IMAGEGATE_BASE_URL: guarded.server.url };
      expect((await cli(args, { ...base, IMAGEGATE_API_KEY: secret })).code).toBe(0);
      expect((await cli(args, { ...base, OPENAI_API_KEY: secret })).code).toBe(0);
      const refused = await cli(args, base);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('401');
    } finally {
      await guarded.dispose();
    }
  });

  it('chat reads lines from a pipe: one JSON object per turn, --max-images counts down across turns', async () => {
    const run = await cli(['chat', '--json', '--max-images', '1', '--size', '64x64', '-o', outputDir], env(), 'draw a red fox\n/edit make it blue\n');
    expect(run.code, run.stderr).toBe(0);
    const turns = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as ChatTurnJson);
    expect(turns).toHaveLength(2);
    expect(turns[0]).toMatchObject({ status: 'completed', images_generated: 1, conversation_images: 1, images_remaining: 0 });
    expect(existsSync(turns[0]!.images[0]!)).toBe(true);
    expect(turns[0]!.text).toContain('red fox');
    expect(turns[0]!.cost_usd).toBeGreaterThan(0);
    // The second turn was sent with x-imagegate-max-images: 0, so the server made no image.
    expect(turns[1]).toMatchObject({ images_generated: 0, images: [], images_remaining: 0, max_images_per_response: 0 });
    expect(turns[1]!.conversation_cost_usd).toBeCloseTo(turns[0]!.cost_usd! + turns[1]!.cost_usd!, 6);
    // The reply text went to stderr, so stdout is only JSON.
    expect(run.stderr).toContain('Here is your image of a red fox.');
  });

  it('chat with piped input exits 1 when a turn fails, and 0 at end of input otherwise', async () => {
    const gone = await startTestServer();
    const url = gone.server.url;
    await gone.dispose();
    const failed = await cli(['chat'], { IMAGEGATE_BASE_URL: url }, 'hello\n');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('cannot reach imagegate');
    const empty = await cli(['chat'], env(), '');
    expect(empty.code).toBe(0);
  });
});

interface ChatTurnJson {
  status: string;
  text: string;
  images: string[];
  cost_usd: number | null;
  conversation_cost_usd: number | null;
  images_generated: number;
  images_remaining: number | null;
}
