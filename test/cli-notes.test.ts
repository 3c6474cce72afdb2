import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey } from './support/accounting.ts';
import { cleanCliEnv, runCli } from './support/run-cli.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

interface ChatTurnJson {
  status: string;
  images_generated: number;
  ignored_tool_calls: Array<{ reason: string; prompt: string | null }>;
  warnings: string[];
}

// Each case starts the CLI as a child process (about a second each, more on a busy machine).
describe('the CLI tells everything: ignored calls, warnings, budget refusals, version, admin hint', { timeout: 90_000 }, () => {
  let test: TestServer;
  let outputDir: string;
  beforeAll(async () => {
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
    outputDir = mkdtempSync(join(tmpdir(), 'imagegate-cli-notes-'));
  });
  afterAll(async () => {
    await test.dispose();
    rmSync(outputDir, { recursive: true, force: true });
  });

  it('imagegate --version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await runCli(['--version'], {});
    expect(run).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('chat prints the ignored calls and the warnings of a turn, and --json carries them', async () => {
    const key = await createKey(test.server.url, 'chat-notes');
    const env = { IMAGEGATE_BASE_URL: test.server.url, IMAGEGATE_API_KEY: key.secret };
    // simulator-repeat keeps asking for images: a conversation cap of 1 ignores the rest.
    const repeat = ['chat', '-m', 'simulator-repeat', '--max-images', '1', '--size', '64x64', '-o', outputDir];
    const human = await runCli(repeat, env, 'draw a red fox\n');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/ignored image call \(max_images: image limit reached\): "a red fox, variation 2"/);
    const json = await runCli([...repeat, '--json'], env, 'draw a red fox\n');
    const turn = JSON.parse(json.stdout.trim()) as ChatTurnJson;
    expect(turn.images_generated).toBe(1);
    expect(turn.ignored_tool_calls.length).toBeGreaterThan(0);
    expect(turn.ignored_tool_calls.every((call) => call.reason === 'max_images')).toBe(true);

    // A per-response cost cap that pays for the image but not for the model step after it:
    // the answer is cut short, and the warning says so and why.
    const capped = await createKey(test.server.url, 'capped', { max_cost_per_response_usd: 0.0052 });
    const cut = await runCli(['chat', '-m', 'simulator', '--size', '1024x1024', '--quality', 'low', '--json', '-o', outputDir], { ...env, IMAGEGATE_API_KEY: capped.secret }, 'Draw a lighthouse on a cliff at sunset.\n');
    expect(cut.code).toBe(0);
    const cutTurn = JSON.parse(cut.stdout.trim()) as ChatTurnJson & { incomplete_reason: string | null };
    expect(cutTurn).toMatchObject({ status: 'incomplete', incomplete_reason: 'max_output_tokens', images_generated: 1 });
    expect(cutTurn.warnings).toHaveLength(1);
    expect(cutTurn.warnings[0]).toMatch(/^The response was cut short before model step 2: This response may cost at most \$0\.0052; a model step could cost up to \$[\d.]+ and \$[\d.]+ is left\.$/);
    expect(cut.stderr).toContain(`warning: ${cutTurn.warnings[0]}`);
    expect(cut.stderr).toContain('response incomplete: max_output_tokens');
  });

  it('image --json carries the warnings too', async () => {
    const run = await runCli(['image', 'a fox', '--json', '--size', '64x64', '--format', 'png', '--compression', '50', '-o', outputDir], { IMAGEGATE_BASE_URL: test.server.url, IMAGEGATE_API_KEY: (await createKey(test.server.url, 'image-notes')).secret });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { warnings: string[] }).warnings).toEqual(['output_compression applies to jpeg and webp only; png is lossless.']);
    expect(run.stderr).toContain('warning: output_compression applies to jpeg and webp only; png is lossless.');
  });

  it('a key whose budget is smaller than one call’s worst case is told both numbers', async () => {
    const key = await createKey(test.server.url, 'tiny-budget', { budgets: { daily_usd: 0.000001 } });
    const run = await runCli(['chat', '-m', 'simulator', '-o', outputDir], { IMAGEGATE_BASE_URL: test.server.url, IMAGEGATE_API_KEY: key.secret }, 'draw a red fox\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/429: The key's daily budget of \$0\.000001 is smaller than the worst case of .+ \(\$0\.\d*[1-9]\d*\)\./);
  });

  it('an image call the cost cap refuses is explained with the estimate and what is left', async () => {
    const capped = await createKey(test.server.url, 'cap-refuses-image', { max_cost_per_response_usd: 0.005 });
    const run = await runCli(['chat', '-m', 'simulator', '--size', '1024x1024', '--quality', 'low', '--json', '-o', outputDir], { IMAGEGATE_BASE_URL: test.server.url, IMAGEGATE_API_KEY: capped.secret }, 'Draw a lighthouse on a cliff at sunset.\n');
    expect(run.code).toBe(0);
    const turn = JSON.parse(run.stdout.trim()) as ChatTurnJson;
    expect(turn.images_generated).toBe(0);
    expect(turn.ignored_tool_calls.map((call) => call.reason)).toEqual(['max_cost']);
    expect(turn.warnings).toHaveLength(1);
    expect(turn.warnings[0]).toMatch(/^An image call was not run: This response may cost at most \$0\.005; .+ could cost up to \$0\.\d+ and \$0\.\d+ is left\.$/);
    expect(run.stderr).toContain('ignored image call (max_cost: the response cost limit would be exceeded)');
  });

  it('npx imagegate --version works from the repository root', async () => {
    const version = await new Promise<string>((resolve) => {
      execFile('npx', ['--no-install', 'imagegate', '--version'], { cwd: fileURLToPath(new URL('..', import.meta.url)), env: cleanCliEnv({}), timeout: 60_000 }, (_error, stdout) => resolve(stdout));
    });
    expect(version.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('keys without the admin key point at IMAGEGATE_ADMIN_KEY, not at an ig_live_ key', async () => {
    const missing = await runCli(['keys', 'create', 'someone'], { IMAGEGATE_BASE_URL: test.server.url });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no admin key given: set IMAGEGATE_ADMIN_KEY');
    const key = await createKey(test.server.url, 'not-admin');
    const wrong = await runCli(['keys', 'list', '--admin-key', key.secret], { IMAGEGATE_BASE_URL: test.server.url });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("the key given is not the server's admin key");
  });
});
