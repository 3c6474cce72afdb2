/**
 * `npm pack` ships only what runs: bin/, the compiled server in dist/ (no src/), the built web UI,
 * the examples, README and package.json — no test, fixture, fake-server, test-kit or contract file
 * (package.json `files`, tsconfig.build.json). test/npm-pack.test.ts installs the tarball and serves from it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/** The paths `npm pack` would put in the tarball. Scripts off: `prepare` would build the web UI. */
async function packedFiles(directory: string): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts', '--offline'], { cwd: directory });
  const [pack] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
  return (pack?.files ?? []).map((file) => file.path).sort();
}

async function trackedFiles(): Promise<string[]> {
  const { stdout } = await run('git', ['ls-files', 'src'], { cwd: repositoryRoot, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim().split('\n');
}

/** The src/ files `npm run build` compiles into dist/ (tsc lists them without emitting). */
async function builtSources(): Promise<string[]> {
  const tsc = join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const { stdout } = await run(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--listFilesOnly'], { cwd: repositoryRoot, maxBuffer: 16 * 1024 * 1024 });
  const root = repositoryRoot.replaceAll('\\', '/');
  return stdout
    .trim()
    .split('\n')
    .map((path) => path.trim().replaceAll('\\', '/'))
    .filter((path) => path.startsWith(`${root}src/`))
    .map((path) => path.slice(root.length))
    .sort();
}

const TEST_ONLY = /(^test\/|\.test\.ts$|\/fixtures\/|-fake-server\.ts$|-test-kit\.ts$|\.contract\.ts$|\.fixtures\.ts$|\/testing\/|budget-race-worker)/;

const scratch: string[] = [];
afterAll(() => {
  for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('lists no source, test, fixture, fake-server, test-kit or contract file; the build compiles every runtime file of src/ and nothing else', async () => {
    const packed = await packedFiles(repositoryRoot);
    expect(packed.filter((path) => TEST_ONLY.test(path) || path.startsWith('src/'))).toEqual([]);
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/imagegate.js', 'bin/built-entry.js']));
    // Nothing outside what runs: no sources, tests, bench, lint rules, configs, web sources.
    expect(packed.filter((path) => !/^(dist\/|bin\/|web\/dist\/|examples\/)/.test(path))).toEqual(['README.md', 'package.json']);
    const runtime = (await trackedFiles()).filter((path) => !TEST_ONLY.test(path)).sort();
    expect(await builtSources()).toEqual(runtime);
  }, 120_000);

  it('ships the compiled server and the built web UI, not their sources (the `files` rule on a built tree)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'imagegate-pack-'));
    scratch.push(directory);
    const { name, version, files } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { name: string; version: string; files: string[] };
    writeFileSync(join(directory, 'package.json'), JSON.stringify({ name, version, files }));
    const tree = [
      'README.md',
      'bin/imagegate.js',
      'bin/built-entry.js',
      'dist/build-stamp',
      'dist/http/app.js',
      'src/http/app.ts',
      'src/http/app.test.ts',
      'src/storage/sqlite/sqlite-response-store.test.ts',
      'web/dist/index.html',
      'examples/sdk-quickstart.mjs',
      'web/dist/assets/app.js',
      'web/src/app.tsx',
      'web/vite.config.ts',
      'test/kits/providers/openai/openai-image-fake-server.ts',
      'test/fixtures/providers/openai/images/error-rate-limit.json',
      'bench/run-bench.ts',
      'eslint.config.js',
    ];
    for (const path of tree) {
      mkdirSync(dirname(join(directory, path)), { recursive: true });
      writeFileSync(join(directory, path), '\n');
    }
    expect(await packedFiles(directory)).toEqual([
      'README.md',
      'bin/built-entry.js',
      'bin/imagegate.js',
      'dist/build-stamp',
      'dist/http/app.js',
      'examples/sdk-quickstart.mjs',
      'package.json',
      'web/dist/assets/app.js',
      'web/dist/index.html',
    ]);
  }, 60_000);
});
