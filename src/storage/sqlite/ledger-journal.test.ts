import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ledgerEntry } from '../../../test/kits/storage/usage-store.fixtures.ts';
import { createMemoryBlobStore } from '../memory-blob-store.ts';
import { ledgerRow } from '../sql/ledger-rows.ts';
import type { ExecutedQuery } from '../sql/query-log.ts';
import type { LedgerEntry } from '../usage-store.ts';
import { createSqliteStores, type SqliteStores } from './create-sqlite-stores.ts';
import type { SqliteLedgerJournalOptions } from './open-ledger-journal.ts';
import { processStartTime, thisProcess } from './process-identity.ts';

const now = Date.parse('2025-05-01T12:00:00Z');
const day = 86_400_000;
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

interface Opened {
  folder: string;
  file: string;
  problems: string[];
  queries: ExecutedQuery[];
  open: (journal?: SqliteLedgerJournalOptions) => Promise<SqliteStores>;
  /** usage_ledger as another process sees it. */
  ledger: () => Array<{ id: string; response_id: string; cost_micros: number }>;
  journals: () => string[];
}

function folder(): Opened {
  const dir = mkdtempSync(join(tmpdir(), 'imagegate-journal-'));
  const file = join(dir, 'imagegate.sqlite');
  const problems: string[] = [];
  const queries: ExecutedQuery[] = [];
  const opened: SqliteStores[] = [];
  cleanup.push(async () => {
    for (const stores of opened) await stores.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    folder: dir,
    file,
    problems,
    queries,
    open: async (journal = {}) => {
      const stores = await createSqliteStores({
        file,
        blobStore: createMemoryBlobStore(),
        pepper: 'test-pepper',
        walCheckpoints: false,
        busyTimeoutMillis: 20,
        onQuery: (query) => queries.push(query),
        ledgerJournal: { onProblem: (message, error) => problems.push(`${message}${error instanceof Error ? `: ${error.message}` : ''}`), ...journal },
      });
      opened.push(stores);
      return stores;
    },
    ledger: () => {
      const side = new Database(file, { readonly: true });
      try {
        return side.prepare('select id, response_id, cost_micros from usage_ledger order by response_id').all() as Array<{ id: string; response_id: string; cost_micros: number }>;
      } finally {
        side.close();
      }
    },
    journals: () => readdirSync(dir).filter((name) => name.includes('.ledger-')).sort(),
  };
}

const entries = (count: number, from = 0): LedgerEntry[] =>
  Array.from({ length: count }, (_, index) => ledgerEntry({ responseId: `resp_${String(from + index).padStart(2, '0')}`, keyId: null, costMicros: 1_000_001 + from + index, createdAt: now }));

/** A pid no process has now. */
function deadPid(): number {
  for (let pid = 4_000_000; ; pid += 1) if (processStartTime(pid) === undefined) return pid;
}

/** One journal line per entry, as a process writes them. */
const lines = (rows: ReadonlyArray<{ id: string; entry: LedgerEntry }>) => rows.map(({ id, entry }) => `${JSON.stringify(ledgerRow(entry, null, () => id))}\n`).join('');

describe('ledger journal: record', () => {
  it('appends the row to this process\'s journal (no SQL), and a usage report, a spend and a budget check right after see it', async () => {
    const opened = folder();
    const stores = await opened.open();
    opened.queries.length = 0;
    await stores.usage.record([ledgerEntry({ responseId: 'resp_1', keyId: 'key_a', costMicros: 1_234_567, createdAt: now })]);
    expect(opened.queries).toEqual([]);
    const [journal] = opened.journals();
    expect(journal).toMatch(new RegExp(`^imagegate\\.sqlite\\.ledger-${thisProcess.pid}-\\d+-[0-9a-f]+\\.jsonl$`));
    expect(JSON.parse(readFileSync(join(opened.folder, journal ?? ''), 'utf8'))).toMatchObject({ key_id: 'key_a', response_id: 'resp_1', cost_micros: 1_234_567, reservation_id: null });
    expect(opened.ledger()).toEqual([]);

    const report = await stores.usage.usage({ from: now - day, to: now + day, groupBy: 'key' });
    expect(report.totals).toMatchObject({ entries: 1, costMicros: 1_234_567 });
    expect(opened.ledger()).toHaveLength(1);
    expect(readFileSync(join(opened.folder, journal ?? ''), 'utf8')).toBe('');

    // A fenced model step's row goes through record() too: the budget sees it before it answers.
    await stores.usage.record([ledgerEntry({ responseId: 'resp_2', keyId: 'key_a', costMicros: 300_000, createdAt: now })]);
    expect(await stores.budgets.headroom({ keyId: 'key_a', limits: { dailyMicros: 2_000_000 }, now })).toMatchObject({ micros: 2_000_000 - 1_534_567 });
    await stores.usage.record([ledgerEntry({ responseId: 'resp_3', keyId: 'key_a', costMicros: 400_000, createdAt: now })]);
    expect(await stores.budgets.reserve({ keyId: 'key_a', responseId: 'resp_4', amountMicros: 100_000, limits: { dailyMicros: 2_000_000 }, now })).toMatchObject({ ok: false, usedMicros: 1_934_567 });
    await stores.usage.record([ledgerEntry({ responseId: 'resp_5', keyId: 'key_a', costMicros: 5, createdAt: now })]);
    expect(await stores.usage.spent({ keyId: 'key_a', from: now - day, to: now + day })).toBe(1_934_572);
  });

  it('folds by itself: once foldRows are pending (after the request), and after foldMillis; close folds the rest and removes the journal', async () => {
    const opened = folder();
    const stores = await opened.open({ foldRows: 3, foldMillis: 50 });
    await stores.usage.record(entries(2));
    await stores.usage.record(entries(1, 2));
    // Not on the request that crossed the threshold: scheduled after it.
    expect(opened.ledger()).toHaveLength(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened.ledger()).toHaveLength(3);
    await stores.usage.record(entries(1, 3));
    expect(opened.ledger()).toHaveLength(3);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(opened.ledger()).toHaveLength(4);
    await stores.usage.record(entries(1, 4));
    await stores.close();
    expect(opened.ledger().map((row) => row.cost_micros)).toEqual([1_000_001, 1_000_002, 1_000_003, 1_000_004, 1_000_005]);
    expect(opened.journals()).toEqual([]);
    expect(opened.problems).toEqual([]);
  });
});

describe('ledger journal: when record() resolves', () => {
  it('a row alone in its loop turn at once (no hop before the answer); the rows of a busy turn together at its end', async () => {
    const opened = folder();
    const stores = await opened.open();
    await new Promise((resolve) => setImmediate(resolve));
    let turnEnded = false;
    setImmediate(() => (turnEnded = true));
    await stores.usage.record(entries(1));
    expect(turnEnded).toBe(false);

    await new Promise((resolve) => setImmediate(resolve));
    turnEnded = false;
    setImmediate(() => (turnEnded = true));
    const seen: boolean[] = [];
    await Promise.all(entries(3, 1).map((entry) => stores.usage.record([entry]).then(() => seen.push(turnEnded))));
    // The first row of the turn went on at once; its followers at the end of the turn.
    expect(seen).toEqual([false, true, true]);
    expect(opened.ledger()).toHaveLength(0);
    expect((await stores.usage.usage({ from: now - day, to: now + day, groupBy: 'key' })).totals.entries).toBe(4);
  });
});

describe('ledger journal: recovery on open', () => {
  it('replays and removes the journal of a process that is gone (and of an earlier run under this pid); a live process\'s journal is left alone', async () => {
    const opened = folder();
    await (await opened.open()).close();
    const dead = join(opened.folder, `imagegate.sqlite.ledger-${deadPid()}-12345-aa.jsonl`);
    writeFileSync(dead, lines(entries(3).map((entry, index) => ({ id: `led_dead_${index}`, entry }))));
    const earlier = join(opened.folder, `imagegate.sqlite.ledger-${process.pid}-1-bb.jsonl`);
    writeFileSync(earlier, lines(entries(1, 3).map((entry) => ({ id: 'led_earlier', entry }))));
    const parent = process.ppid;
    const live = join(opened.folder, `imagegate.sqlite.ledger-${parent}-${processStartTime(parent) ?? '0'}-cc.jsonl`);
    writeFileSync(live, lines(entries(1, 4).map((entry) => ({ id: 'led_live', entry }))));

    await opened.open();
    expect(opened.ledger().map((row) => row.id)).toEqual(['led_dead_0', 'led_dead_1', 'led_dead_2', 'led_earlier']);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(earlier)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(opened.problems).toEqual([]);
  });

  it('a journal another bundle of this process has open is left alone', async () => {
    const opened = folder();
    const first = await opened.open();
    await first.usage.record(entries(2));
    const second = await opened.open();
    expect(opened.ledger()).toEqual([]);
    expect(opened.journals()).toHaveLength(2);
    await first.usage.record(entries(1, 2));
    expect((await second.usage.usage({ from: now - day, to: now + day, groupBy: 'key' })).totals.entries).toBe(0);
    expect((await first.usage.usage({ from: now - day, to: now + day, groupBy: 'key' })).totals.entries).toBe(3);
  });

  it('skips a torn last line (a crash mid-write); keeps a file with an unreadable line aside, after folding its readable rows', async () => {
    const opened = folder();
    await (await opened.open()).close();
    const torn = join(opened.folder, `imagegate.sqlite.ledger-${deadPid()}-1-dd.jsonl`);
    const whole = lines(entries(2).map((entry, index) => ({ id: `led_torn_${index}`, entry })));
    writeFileSync(torn, whole + lines(entries(1, 2).map((entry) => ({ id: 'led_cut', entry }))).slice(0, 40));
    const bad = join(opened.folder, `imagegate.sqlite.ledger-${deadPid()}-1-ee.jsonl`);
    writeFileSync(bad, `${lines(entries(1, 5).map((entry) => ({ id: 'led_good', entry })))}{"not":"a row"}\n`);

    await opened.open();
    expect(opened.ledger().map((row) => row.id)).toEqual(['led_torn_0', 'led_torn_1', 'led_good']);
    expect(existsSync(torn)).toBe(false);
    expect(existsSync(bad)).toBe(false);
    expect(readFileSync(`${bad}.unreadable`, 'utf8')).toContain('{"not":"a row"}');
    expect(opened.problems).toEqual([expect.stringContaining('torn last line'), expect.stringContaining('1 unreadable line(s)')]);
  });

  it('a crash between a fold\'s COMMIT and the truncation: the replay writes nothing twice', async () => {
    const opened = folder();
    const stores = await opened.open();
    await stores.usage.record(entries(4));
    const [journal] = opened.journals();
    const before = readFileSync(join(opened.folder, journal ?? ''), 'utf8');
    expect((await stores.usage.usage({ from: now - day, to: now + day, groupBy: 'key' })).totals.entries).toBe(4);
    await stores.close();
    // As if the process died right after the COMMIT: its journal still holds the folded rows.
    writeFileSync(join(opened.folder, `imagegate.sqlite.ledger-${deadPid()}-1-ff.jsonl`), before);

    const again = await opened.open();
    expect((await again.usage.usage({ from: now - day, to: now + day, groupBy: 'key' })).totals).toMatchObject({ entries: 4, costMicros: 4_000_010 });
    expect(opened.ledger()).toHaveLength(4);
  });
});

describe('ledger journal: a fold that fails', () => {
  it('keeps the rows (journal intact, logged, retried); a read fails rather than answer without them', async () => {
    const opened = folder();
    const stores = await opened.open({ foldMillis: 30 });
    await stores.usage.record(entries(2));
    const [journal] = opened.journals();
    const written = readFileSync(join(opened.folder, journal ?? ''), 'utf8');
    // Another process holds the write lock past our busy timeout.
    const other = new Database(opened.file);
    other.exec('begin immediate');
    await expect(stores.usage.usage({ from: now - day, to: now + day, groupBy: 'key' })).rejects.toThrow(/locked|busy/i);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(opened.problems.some((problem) => problem.startsWith('Folding the ledger journal failed'))).toBe(true);
    expect(readFileSync(join(opened.folder, journal ?? ''), 'utf8')).toBe(written);
    other.exec('rollback');
    other.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(opened.ledger()).toHaveLength(2);
    expect((await stores.usage.usage({ from: now - day, to: now + day, groupBy: 'key' })).totals.entries).toBe(2);
  });

  it('a row the database refuses is kept aside in a file of its own; the others are folded', async () => {
    const opened = folder();
    const stores = await opened.open();
    const side = new Database(opened.file);
    side.exec(`create trigger refuse_ledger before insert on usage_ledger when new.response_id = 'resp_01' begin select raise(abort, 'ledger row refused'); end`);
    side.close();
    await stores.usage.record(entries(3));
    expect((await stores.usage.usage({ from: now - day, to: now + day, groupBy: 'key' })).totals.entries).toBe(2);
    const aside = opened.journals().filter((name) => name.includes('.ledger-refused-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(opened.folder, aside[0] ?? ''), 'utf8')).toContain('"response_id":"resp_01"');
    expect(opened.problems).toEqual([expect.stringContaining('refused 1 ledger row(s)')]);
  });
});
