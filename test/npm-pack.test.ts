import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanCliEnv } from './support/run-cli.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INSTALL_TIMEOUT_MILLIS = 480_000;

function npmVersion(): string | undefined {
  try {
    return execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}
const npm = npmVersion();
if (!npm) console.warn('[npm-pack.test] skipped: npm is not on PATH, so the tarball cannot be packed or installed.');

function run(command: string, args: string[], cwd: string, timeoutMillis: number): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd, timeout: timeoutMillis, env: cleanCliEnv({}), maxBuffer: 20_000_000 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }));
  });
}

/**
 * The package as `npm pack` makes it after `prepare` (web UI and server built), staged in a
 * scratch folder so this suite never rewrites the checkout's dist/ under other suites' servers.
 */
async function stagePackage(stage: string): Promise<void> {
  for (const path of ['package.json', 'README.md', 'bin', 'examples', join('web', 'dist')]) cpSync(join(ROOT, path), join(stage, path), { recursive: true });
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const built = await run(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', join(stage, 'dist')], ROOT, 300_000);
  expect(built.code, built.stdout + built.stderr).toBe(0);
  writeFileSync(join(stage, 'dist', 'build-stamp'), 'built by npm-pack.test.ts\n');
}

/**
 * The front door as a stranger meets it: `npm pack`, install the tarball into an empty folder
 * (no devDependencies, no `prepare`), `npx imagegate serve` answers from the compiled dist/
 * (no src/, no tsx), with the web UI built in.
 */
describe.skipIf(!npm)('npm pack → install the tarball into an empty folder → npx imagegate serve', () => {
  const work = mkdtempSync(join(tmpdir(), 'imagegate-pack-'));
  let server: ChildProcess | undefined;
  afterAll(() => {
    // npx does not pass SIGTERM on to the server: end the whole process group it started.
    if (server?.pid !== undefined && server.exitCode === null) process.kill(-server.pid, 'SIGTERM');
    rmSync(work, { recursive: true, force: true });
    // Removing an installed node_modules takes a while on a busy machine.
  }, 180_000);

  it('installs without devDependencies and serves the API and the web UI', async () => {
    if (!existsSync(join(ROOT, 'web', 'dist', 'index.html'))) execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: 'inherit' });
    const stage = join(work, 'stage');
    await stagePackage(stage);
    // --ignore-scripts: the stage is built already (`prepare` would need the sources).
    const packed = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], stage, 120_000);
    expect(packed.code, packed.stderr).toBe(0);
    const [manifest] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const shipped = (manifest?.files ?? []).map((file) => file.path);
    expect(shipped).toContain('web/dist/index.html');
    expect(shipped).toContain('bin/imagegate.js');
    expect(shipped).toContain('dist/cli/main.js');
    expect(shipped.filter((path) => path.startsWith('src/'))).toEqual([]);
    expect(shipped).toContain('examples/sdk-quickstart.mjs');
    expect(shipped.filter((path) => path.endsWith('.test.ts') || path.startsWith('test/'))).toEqual([]);

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'imagegate-consumer', private: true }));
    const tarball = join(work, manifest?.filename ?? '');
    // The npm cache first; when it lacks a package's metadata, the registry fills it in.
    let installed = await run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], app, INSTALL_TIMEOUT_MILLIS);
    if (installed.code !== 0) installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], app, INSTALL_TIMEOUT_MILLIS);
    expect(installed.code, installed.stderr).toBe(0);
    // A tarball install runs no `prepare` and needs no devDependencies (vite builds nothing here).
    expect(existsSync(join(app, 'node_modules', 'vite'))).toBe(false);
    // Nothing to transform TypeScript with: the server below runs the compiled JavaScript.
    expect(existsSync(join(app, 'node_modules', 'tsx'))).toBe(false);
    expect(existsSync(join(app, 'node_modules', 'imagegate', 'web', 'dist', 'index.html'))).toBe(true);

    const version = await run('npx', ['--no-install', 'imagegate', '--version'], app, 60_000);
    expect(version.stdout.trim()).toBe('0.1.0');

    server = spawn('npx', ['--no-install', 'imagegate', 'serve', '--port', '0', '--data-dir', join(work, 'data')], { cwd: app, env: cleanCliEnv({}), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`no banner in 60 s: ${seen}`)), 60_000);
      server?.stdout?.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
      server?.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${seen}`)));
    });
    const answer = await fetch(`${url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-imagegate-max-images': '1' },
      body: JSON.stringify({ model: 'simulator-repeat', input: 'Draw a fox.', tools: [{ type: 'image_generation', size: '64x64' }] }),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { imagegate: { images_generated: number } }).imagegate.images_generated).toBe(1);
    expect((await fetch(`${url}/`)).headers.get('content-type')).toMatch(/text\/html/);
  }, INSTALL_TIMEOUT_MILLIS * 2 + 180_000);
});
