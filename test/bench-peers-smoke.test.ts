// `npm run bench:peers -- --quick` end to end: every row is produced, the checked requests pass,
// the results file is written and every process the run started is gone. No timing is asserted:
// the benchmark measures, this test only checks that the instrument works.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PeersResults } from '../bench/peers/peers-report.ts';
import { TARGET_NAMES } from '../bench/peers/peers-report.ts';
import { findPostgresBin } from './support/postgres-cluster.ts';

const repoRoot = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'bench-peers-smoke-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runQuickBench(outFile: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run-peers.ts', '--quick', `--out=${outFile}`], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-20_000)));
    child.once('error', reject);
    child.once('exit', (code) => resolveRun({ code, stdout, stderr }));
  });
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm run bench:peers --quick', () => {
  it('measures every target and scenario, writes the JSON and leaves no process behind', async () => {
    const outFile = join(dir, 'peers.json');
    const run = await runQuickBench(outFile);
    expect(run.code, run.stderr).toBe(0);
    const results = JSON.parse(readFileSync(outFile, 'utf8')) as PeersResults & { markdown: string };

    const textKeys = results.text.map((row) => `${row.target} | ${row.mode} | ${row.connections}`);
    const expected = [TARGET_NAMES.upstream, TARGET_NAMES.portkey, TARGET_NAMES.storeFalse, TARGET_NAMES.storeTrue].flatMap((target) => [
      `${target} | JSON | 1`,
      `${target} | JSON | 50`,
      `${target} | SSE | 50`,
    ]);
    expected.push(`${TARGET_NAMES.passthrough} | JSON | 50`, `${TARGET_NAMES.chat} | JSON | 50`);
    if (findPostgresBin() !== undefined) expected.push(`${TARGET_NAMES.postgres} | JSON | 50`, `${TARGET_NAMES.postgres} | SSE | 50`);
    expect(textKeys).toEqual(expected);
    // Each row began with one request checked whole (every SSE event, the store flag, the text);
    // only Portkey may fail it (its streaming is broken as shipped, see the run's notes).
    for (const row of results.text.filter((candidate) => candidate.target !== TARGET_NAMES.portkey)) expect(row.failure, `${row.target} ${row.mode} c=${row.connections}`).toBeUndefined();
    expect(results.text.find((row) => row.target === TARGET_NAMES.portkey && row.mode === 'JSON' && row.connections === 50)?.failure).toBeUndefined();

    const imagegateImages = results.images.filter((row) => row.target.startsWith('imagegate'));
    expect(imagegateImages.map((row) => `${row.kind} ${row.stream ? 'SSE' : 'JSON'} ${row.concurrency}`)).toEqual(['relay JSON 50', 'burst SSE 20']);
    for (const row of imagegateImages) expect(row.failure).toBeUndefined();
    // The burst is a fixed amount: every one of the 20 streamed image responses completed (no 503 from the image slots).
    expect(imagegateImages[1]).toMatchObject({ ok: 20, failed: 0 });
    const portkeyImages = results.images.filter((row) => row.target === TARGET_NAMES.portkey);
    expect(portkeyImages[0]).toMatchObject({ kind: 'relay', stream: false, concurrency: 50 });
    expect(portkeyImages[0]?.failure).toBeUndefined();
    expect(portkeyImages.some((row) => row.kind === 'burst' && row.failure === undefined && row.ok + row.failed === 20)).toBe(true);

    // One paired round in quick mode: the compared rows again, back to back, each with numbers.
    expect(results.paired).toHaveLength(1);
    expect(results.paired[0]?.rows.map((row) => `${row.target} | ${row.connections}`)).toEqual([
      `${TARGET_NAMES.portkey} | 50`,
      `${TARGET_NAMES.storeFalse} | 50`,
      `${TARGET_NAMES.storeTrue} | 50`,
      `${TARGET_NAMES.upstream} | 1`,
      `${TARGET_NAMES.storeFalse} | 1`,
    ]);
    for (const row of results.paired[0]?.rows ?? []) expect(row.failure, row.target).toBeUndefined();
    expect(results.paired[0]?.storeFalseRatio).toBeGreaterThan(0);
    expect(results.verdicts.find((verdict) => verdict.target.startsWith('c=1 added'))?.value).toContain('median of 1 paired rounds');
    expect(run.stdout).toContain('**Paired rounds**');
    expect(results.verdicts).toHaveLength(8);
    expect(results.settings).toMatchObject({ quick: true, seconds: 1, burst: 20 });
    expect(results.settings.pngBytes).toBeGreaterThan(1_000_000);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(run.stdout).toContain('| target | answer | c | mean ms |');
    expect(results.markdown).toBe(run.stdout.trimEnd());

    expect(results.processes.map((entry) => entry.name)).toEqual(
      findPostgresBin() !== undefined ? ['fake upstream', 'Portkey', 'imagegate (SQLite)', 'imagegate (PostgreSQL)'] : ['fake upstream', 'Portkey', 'imagegate (SQLite)'],
    );
    for (const { name, pid } of results.processes) expect(isAlive(pid), name).toBe(false);
  }, 300_000);
});
