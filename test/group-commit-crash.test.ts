import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const folder = mkdtempSync(join(tmpdir(), 'imagegate-group-commit-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

type WorkerLine = { done: string; id: string } | { failed: string; id: string; message: string } | { transactions: string[][] };

/** Runs the worker (test/kits/storage/sqlite/group-commit-worker.ts) until it SIGKILLs itself; its lines and exit signal. */
function runWorker(file: string, responses: number, refused: number | '-'): Promise<{ lines: WorkerLine[]; signal: NodeJS.Signals | null }> {
  return new Promise((done, reject) => {
    const worker = resolve(import.meta.dirname, 'kits/storage/sqlite/group-commit-worker.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', worker, file, String(responses), String(refused)], { cwd: resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== null) return reject(new Error(`worker exited ${code}: ${output}${errors}`));
      done({ lines: output.trim().split('\n').map((line) => JSON.parse(line) as WorkerLine), signal });
    });
  });
}

/** What a restarted server finds in the file the killed process left (WAL not checkpointed). */
function readBack(file: string): { responses: Array<{ id: string; status: string }>; ledger: Array<{ response_id: string; n: number }> } {
  const database = new Database(file);
  try {
    return {
      responses: database.prepare('select id, status from responses order by id').all() as Array<{ id: string; status: string }>,
      ledger: database.prepare('select response_id, count(*) as n from usage_ledger group by response_id order by response_id').all() as Array<{ response_id: string; n: number }>,
    };
  } finally {
    database.close();
  }
}

const ids = (count: number, except?: number) => Array.from({ length: count }, (_, index) => `resp_${index}`).filter((id) => id !== `resp_${except}`).sort();

describe('group commit across a crash', () => {
  it('20 concurrent stored responses: their 20 journal rows, 20 ledger rows and 20 saves commit in 3 transactions, and every write reported done survives a SIGKILL', async () => {
    const file = join(folder, 'all.sqlite');
    const { lines, signal } = await runWorker(file, 20, '-');
    expect(signal).toBe('SIGKILL');
    const reported = (what: string) => lines.flatMap((line) => ('done' in line && line.done === what ? [line.id] : [])).sort();
    expect(lines.filter((line) => 'failed' in line)).toEqual([]);
    for (const what of ['begin', 'ledger', 'save']) expect(reported(what)).toEqual(ids(20));

    const transactions = lines.flatMap((line) => ('transactions' in line ? [line.transactions] : []))[0];
    // Without group commit: one transaction per journal row, per ledger row and per save (60).
    expect(transactions).toEqual([
      Array(20).fill('responses'),
      Array(20).fill('usage_ledger'),
      Array.from({ length: 20 }, () => ['responses', 'response_items']).flat(),
    ]);

    const found = readBack(file);
    expect(found.responses).toEqual(ids(20).map((id) => ({ id, status: 'completed' })));
    expect(found.ledger).toEqual(ids(20).map((id) => ({ response_id: id, n: 1 })));
  }, 60_000);

  it('a ledger row the database refuses fails only its own response: the 19 others are written once, and survive the crash', async () => {
    const file = join(folder, 'refused.sqlite');
    const { lines } = await runWorker(file, 20, 3);
    expect(lines.filter((line) => 'failed' in line)).toEqual([{ failed: 'ledger', id: 'resp_3', message: 'ledger row refused' }]);
    const reportedLedger = lines.flatMap((line) => ('done' in line && line.done === 'ledger' ? [line.id] : [])).sort();
    expect(reportedLedger).toEqual(ids(20, 3));

    const found = readBack(file);
    expect(found.ledger).toEqual(ids(20, 3).map((id) => ({ response_id: id, n: 1 })));
    // Its save went on (the worker saves whatever the ledger said), in the shared transaction with the others.
    expect(found.responses).toEqual(ids(20).map((id) => ({ id, status: 'completed' })));
  }, 60_000);
});
