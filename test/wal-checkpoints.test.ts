import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryBlobStore } from '../src/storage/memory-blob-store.ts';
import { createSqliteStores, type SqliteStoresOptions } from '../src/storage/sqlite/create-sqlite-stores.ts';
import { ledgerEntry } from './kits/storage/usage-store.fixtures.ts';

const folder = mkdtempSync(join(tmpdir(), 'imagegate-wal-checkpoints-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const walBytes = (file: string): number => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0);

/**
 * Writes `rounds` group commits of 20 ledger rows through the stores; the largest WAL file seen after any of them.
 * Ledger rows are the WAL commits of these tests: they go through the group commit (`ledgerJournal: false`), not the journal.
 */
async function writeLoop(options: Pick<SqliteStoresOptions, 'file' | 'walCheckpoints'>, rounds: number): Promise<{ largestWal: number; rows: number }> {
  const stores = await createSqliteStores({ ...options, blobStore: createMemoryBlobStore(), pepper: 'wal', ledgerJournal: false });
  let largestWal = 0;
  try {
    for (let round = 0; round < rounds; round += 1) {
      await Promise.all(Array.from({ length: 20 }, (_, index) => stores.usage.record([ledgerEntry({ responseId: `resp_${round}_${index}`, keyId: `key_${index}` })])));
      largestWal = Math.max(largestWal, walBytes(options.file));
      // Lets the checkpoint thread's timer fire now and then without making the loop wait for it.
      if (round % 100 === 0) await new Promise((done) => setTimeout(done, 1));
    }
    const { totals } = await stores.usage.usage({ from: 0, to: Date.parse('2030-01-01'), groupBy: 'model' });
    return { largestWal, rows: totals.entries };
  } finally {
    await stores.close();
  }
}

/** OS threads of this process (Linux); a worker thread is one. */
const threads = (): number => readdirSync('/proc/self/task').length;

describe('WAL checkpoints in a worker thread (SQLite)', () => {
  it('the server connection does not checkpoint after its commits below serverCheckpointPages: with the thread idle, the WAL holds every commit', async () => {
    const file = join(folder, 'no-thread.sqlite');
    const { largestWal, rows } = await writeLoop({ file, walCheckpoints: { pollMillis: 3_600_000, serverCheckpointPages: 1_000_000 } }, 1500);
    expect(rows).toBe(30_000);
    // SQLite's own checkpoint after commits would have kept it near 1000 pages (4 MB).
    expect(largestWal).toBeGreaterThan(100 * 1024 * 1024);
  }, 60_000);

  it('stays bounded under a long write loop that never pauses: the thread copies, the server restarts the WAL past serverCheckpointPages', async () => {
    const file = join(folder, 'bounded.sqlite');
    const { largestWal, rows } = await writeLoop({ file, walCheckpoints: { pollMillis: 20, serverCheckpointPages: 500 } }, 1500);
    expect(rows).toBe(30_000);
    // The same loop without checkpoints: over 100 MB (above).
    expect(largestWal).toBeLessThan(48 * 1024 * 1024);
  }, 60_000);

  it('empties the WAL file once writes pause', async () => {
    const file = join(folder, 'idle.sqlite');
    const stores = await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'wal', ledgerJournal: false, walCheckpoints: { pollMillis: 5, idleMillis: 50 } });
    try {
      await Promise.all(Array.from({ length: 20 }, (_, index) => stores.usage.record([ledgerEntry({ responseId: `resp_${index}` })])));
      expect(walBytes(file)).toBeGreaterThan(0);
      await expect.poll(() => walBytes(file), { timeout: 10_000, interval: 10 }).toBe(0);
      expect(await stores.usage.spent({ keyId: 'key_a', from: 0, to: Date.parse('2030-01-01') })).toBe(20 * 40_000);
    } finally {
      await stores.close();
    }
  });

  it('close ends the thread: its connection closed last, so no WAL is left, and the process has the threads it had before', async () => {
    const file = join(folder, 'close.sqlite');
    // The thread pool starts with the first file operation; start it before counting.
    await readFile(file).catch(() => undefined);
    const before = threads();
    const stores = await createSqliteStores({ file, blobStore: createMemoryBlobStore(), pepper: 'wal', ledgerJournal: false });
    expect(threads()).toBe(before + 1);
    await stores.usage.record([ledgerEntry()]);
    await stores.close();
    expect(threads()).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
    await stores.close();
    const database = new Database(file, { readonly: true });
    expect(database.prepare('select count(*) as n from usage_ledger').get()).toEqual({ n: 1 });
    database.close();
  });

  it('every row reported committed survives a SIGKILL amid checkpoints', async () => {
    const file = join(folder, 'crash.sqlite');
    const worker = resolve(import.meta.dirname, 'kits/storage/sqlite/wal-checkpoint-crash-worker.ts');
    const child = spawn(process.execPath, ['--import', 'tsx', worker, file, '400'], { cwd: resolve(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    const signal = await new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, exitSignal) => done(exitSignal)));
    expect(signal, errors).toBe('SIGKILL');
    const reported = Number(output.trim().split('\n').at(-1));
    expect(reported).toBe(8000);
    expect(existsSync(`${file}-wal`)).toBe(true);

    const database = new Database(file);
    try {
      expect(database.prepare('select count(*) as n, sum(cost_micros) as micros from usage_ledger').get()).toEqual({ n: reported, micros: reported });
      expect(database.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      database.close();
    }
  }, 60_000);
});
