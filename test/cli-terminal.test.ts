import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from './support/test-server.ts';

const BIN = fileURLToPath(new URL('../bin/imagegate.js', import.meta.url));
/** util-linux `script` gives the CLI a pseudo-terminal for stdin, stdout and stderr. */
const SCRIPT = '/usr/bin/script';

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) if (/_API_KEY$|_BASE_URL$|^IMAGEGATE_/.test(key)) delete env[key];
  return { ...env, TERM: 'xterm', ...extra };
}

/** A CLI run inside a pseudo-terminal; `raw` is every byte it drew, escape codes included. */
interface TerminalRun {
  child: ChildProcessWithoutNullStreams;
  raw(): string;
  /** The output as it arrived, one entry per read. */
  chunks: string[];
  /** Resolves once `pattern` appears in the output written after byte `from`. */
  waitFor(pattern: RegExp, from?: number): Promise<void>;
  type(line: string): void;
  exit: Promise<number | null>;
}

function inTerminal(args: string[], env: Record<string, string>): TerminalRun {
  const command = [process.execPath, BIN, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  const child = spawn(SCRIPT, ['-qfec', command, '/dev/null'], { env: cleanEnv(env) });
  let output = '';
  const chunks: string[] = [];
  const read = (chunk: Buffer) => {
    chunks.push(chunk.toString('utf8'));
    output += chunk.toString('utf8');
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return {
    child,
    raw: () => output,
    chunks,
    exit,
    type: (line) => child.stdin.write(`${line}\r`),
    waitFor: (pattern, from = 0) =>
      new Promise((resolve, reject) => {
        const timer = setInterval(() => {
          if (pattern.test(output.slice(from))) {
            clearInterval(timer);
            clearTimeout(deadline);
            resolve();
          }
        }, 25);
        const deadline = setTimeout(() => {
          clearInterval(timer);
          reject(new Error(`timed out waiting for ${pattern}; output so far:\n${JSON.stringify(output)}`));
        }, 60_000);
      }),
  };
}

/**
 * What a terminal shows after drawing `raw`: enough of a VT100 for the CLI and readline
 * (`\r`, `\n`, erase line `ESC[2K` / `ESC[K`, cursor column `ESC[nG`, erase below `ESC[J`).
 */
function renderScreen(raw: string): string[] {
  const lines: string[] = [''];
  let row = 0;
  let column = 0;
  for (let index = 0; index < raw.length; index++) {
    const character = raw[index]!;
    if (character === '\x1b') {
      const match = /^\x1b\[(\d*)([A-Za-z])/.exec(raw.slice(index));
      if (!match) continue;
      index += match[0].length - 1;
      const [, count, code] = match;
      if (code === 'K') lines[row] = count === '2' ? '' : lines[row]!.slice(0, column);
      if (code === 'G') column = Math.max(0, Number(count || '1') - 1);
      if (code === 'J') lines.splice(row + 1);
      continue;
    }
    if (character === '\r') column = 0;
    else if (character === '\n') {
      row++;
      column = 0;
      if (lines.length <= row) lines.push('');
    } else {
      const line = lines[row]!.padEnd(column);
      lines[row] = line.slice(0, column) + character + line.slice(column + 1);
      column++;
    }
  }
  return lines.map((line) => line.trimEnd());
}

const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;

describe.skipIf(!existsSync(SCRIPT))('imagegate in a terminal', { timeout: 90_000 }, () => {
  let test: TestServer;
  let outputDir: string;
  beforeAll(async () => {
    test = await startTestServer({ simulator: { tokenDelayMillis: 20 } });
    outputDir = mkdtempSync(join(tmpdir(), 'imagegate-cli-tty-'));
  });
  afterAll(async () => {
    await test.dispose();
    rmSync(outputDir, { recursive: true, force: true });
  });

  it('image shows a spinner with elapsed time and "image 1/1", then clears it and leaves the path and cost', async () => {
    const run = inTerminal(['image', 'a lighthouse at dusk', '--size', '512x512', '-o', outputDir], { IMAGEGATE_BASE_URL: test.server.url });
    expect(await run.exit).toBe(0);
    const raw = run.raw();
    expect(raw).toMatch(new RegExp(`${SPINNER.source} generating image 1/1 \\d+\\.\\ds`));
    expect(raw).toContain('\r\x1b[2K');
    const screen = renderScreen(raw).filter((line) => line !== '');
    expect(screen.join('\n')).not.toMatch(SPINNER);
    expect(screen.join('\n')).not.toContain('generating');
    const saved = /^saved (\S+a-lighthouse-at-dusk-1\.png)$/m.exec(screen.join('\n'));
    expect(saved).not.toBeNull();
    expect(existsSync(saved![1]!)).toBe(true);
    expect(screen.at(-1)).toMatch(/^1 image \(512x512 png\), cost \$0\.\d{6}$/);
  });

  it('chat streams the reply, saves images, shows the running cost and images left; /edit edits the last image; /quit exits 0', async () => {
    const run = inTerminal(['chat', '--max-images', '3', '--size', '256x256', '-o', outputDir], { IMAGEGATE_BASE_URL: test.server.url });
    await run.waitFor(/you› /);

    let mark = run.raw().length;
    run.type('draw a red fox');
    await run.waitFor(/left of 3[\s\S]*you› /, mark);
    const first = run.raw().slice(mark);
    const firstSaved = /saved (\S+draw-a-red-fox-1\.png)/.exec(first);
    expect(firstSaved).not.toBeNull();
    expect(existsSync(firstSaved![1]!)).toBe(true);
    expect(first).toContain('Here is your image of a red fox');
    expect(first).toMatch(/cost \$0\.\d{6} this turn · \$0\.\d{6} so far · images: 1 made, 2 left of 3/);
    expect(first).toMatch(SPINNER); // drawn while the image was generated

    mark = run.raw().length;
    run.type('/edit make it blue');
    await run.waitFor(/left of 3[\s\S]*you› /, mark);
    const second = run.raw().slice(mark);
    const secondSaved = /saved (\S+make-it-blue-1\.png)/.exec(second);
    expect(secondSaved).not.toBeNull();
    expect(existsSync(secondSaved![1]!)).toBe(true);
    expect(second).toContain('edited image');
    expect(second).toMatch(/images: 2 made, 1 left of 3/);
    const totals = [...run.raw().matchAll(/\$(0\.\d{6}) so far/g)].map((match) => Number(match[1]));
    expect(totals[1]).toBeGreaterThan(totals[0]!);

    run.type('/quit');
    expect(await run.exit).toBe(0);
    // The reply streamed: it reached the terminal in several pieces, word by word.
    const reply = 'Here is your image of a red fox.';
    const pieces = run.chunks.filter((chunk) => chunk.trim() !== '' && reply.includes(chunk.trim()) && chunk.trim() !== reply);
    expect(pieces.length).toBeGreaterThan(2);
    expect(renderScreen(run.raw()).join('\n')).toContain('Here is the edited image');
  });
});
