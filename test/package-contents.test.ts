/**
 * `npm pack` ships only what runs: bin/, src/ without its tests, the built web UI, the examples,
 * README and package.json — no test, fixture, fake-server, test-kit or contract file (package.json
 * `files`). test/npm-pack.test.ts installs the tarball and serves from it.
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
  const { stdout } = await run('git', ['ls-files', 'src', 'bin'], { cwd: repositoryRoot, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim().split('\n');
}

const TEST_ONLY = /(^test\/|\.test\.ts$|\/fixtures\/|-fake-server\.ts$|-test-kit\.ts$|\.contract\.ts$|\.fixtures\.ts$|\/testing\/|budget-race-worker)/;

const scratch: string[] = [];
afterAll(() => {
  for (const directory of scratch) rmSync(directory, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('lists no test, fixture, fake-server, test-kit or contract file, and every runtime file of src/ and bin/', async () => {
    const packed = await packedFiles(repositoryRoot);
    expect(packed.filter((path) => TEST_ONLY.test(path))).toEqual([]);
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'bin/imagegate.js', 'src/cli/main.ts', 'src/server/start-server.ts', 'src/http/app.ts', 'src/pricing/catalog/price-catalog.json']));
    // Nothing outside what runs: no tests, bench, lint rules, configs, web sources.
    expect(packed.filter((path) => !/^(src\/|bin\/|web\/dist\/|examples\/)/.test(path))).toEqual(['README.md', 'package.json']);
    const runtime = (await trackedFiles()).filter((path) => !path.endsWith('.test.ts')).sort();
    expect(packed.filter((path) => /^(src|bin)\//.test(path))).toEqual(runtime);
  }, 60_000);

  it('ships the built web UI and not its sources (the `files` rule on a built tree)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'imagegate-pack-'));
    scratch.push(directory);
    const { name, version, files } = JSON.parse(readFileSync(join(repositoryRoot, 'package.json'), 'utf8')) as { name: string; version: string; files: string[] };
    writeFileSync(join(directory, 'package.json'), JSON.stringify({ name, version, files }));
    const tree = [
      'README.md',
      'bin/imagegate.js',
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
    expect(await packedFiles(directory)).toEqual(['README.md', 'bin/imagegate.js', 'examples/sdk-quickstart.mjs', 'package.json', 'src/http/app.ts', 'web/dist/assets/app.js', 'web/dist/index.html']);
  }, 60_000);
});
