import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/** A package folder with the real bin/, a dist/ and a src/ entry that each say which one ran. */
function packageFolder(parts: { dist: boolean; stamp: boolean; src: boolean }): string {
  const folder = mkdtempSync(join(tmpdir(), 'imagegate-bin-'));
  cpSync(join(ROOT, 'bin'), join(folder, 'bin'), { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'imagegate', type: 'module' }));
  symlinkSync(join(ROOT, 'node_modules'), join(folder, 'node_modules'));
  if (parts.src) {
    mkdirSync(join(folder, 'src', 'cli'), { recursive: true });
    // TypeScript syntax: only tsx can run this file.
    writeFileSync(join(folder, 'src', 'cli', 'main.ts'), "const ran: string = 'src';\nconsole.log(ran);\n");
  }
  if (parts.dist) {
    mkdirSync(join(folder, 'dist', 'cli'), { recursive: true });
    writeFileSync(join(folder, 'dist', 'cli', 'main.js'), "console.log('dist');\n");
  }
  if (parts.stamp) writeFileSync(join(folder, 'dist', 'build-stamp'), 'built\n');
  return folder;
}

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

async function entryThatRuns(folder: string): Promise<string> {
  folders.push(folder);
  const { stdout } = await run(process.execPath, [join(folder, 'bin', 'imagegate.js')], { cwd: folder });
  return stdout.trim();
}

describe('bin/imagegate.js picks the compiled server when it is current', () => {
  it('runs dist/ when the build is finished and newer than every source', async () => {
    const folder = packageFolder({ dist: true, stamp: true, src: true });
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(folder, 'src', 'cli', 'main.ts'), past, past);
    expect(await entryThatRuns(folder)).toBe('dist');
  });

  it('runs dist/ of an installed package, which ships no src/', async () => {
    expect(await entryThatRuns(packageFolder({ dist: true, stamp: true, src: false }))).toBe('dist');
  });

  it('runs src/ through tsx when a source was edited after the build', async () => {
    const folder = packageFolder({ dist: true, stamp: true, src: true });
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(folder, 'src', 'cli', 'main.ts'), future, future);
    expect(await entryThatRuns(folder)).toBe('src');
  });

  it('runs src/ through tsx when dist/ is missing or its build did not finish (no stamp)', async () => {
    expect(await entryThatRuns(packageFolder({ dist: false, stamp: false, src: true }))).toBe('src');
    expect(await entryThatRuns(packageFolder({ dist: true, stamp: false, src: true }))).toBe('src');
  });
});
