import { readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { FoldRows, OnProblem } from './ledger-fold.ts';
import { journalOwner, journalPath, readJournalText } from './ledger-journal-files.ts';
import { openJournals } from './ledger-journal.ts';
import { processRuns, thisProcess } from './process-identity.ts';

/**
 * Before serving: the journals of processes that are gone (another pid no longer running with
 * its start time, or an earlier run under this pid) are claimed — renamed to this process's name,
 * atomically, so two starting processes never both take one — folded into the ledger, and
 * removed. A live process's journal is left alone. A torn last line (a write cut by the crash,
 * never acknowledged) is skipped; other unreadable lines keep the file aside (`….unreadable`).
 * Throws when a fold fails: the claimed file stays, for the next start.
 */
export function recoverLedgerJournals(databaseFile: string, fold: FoldRows, onProblem: OnProblem): number {
  const folder = dirname(databaseFile);
  const base = basename(databaseFile);
  let recovered = 0;
  for (const name of readdirSync(folder)) {
    const owner = journalOwner(base, name);
    if (owner === undefined) continue;
    const found = join(folder, name);
    if (openJournals.has(found)) continue;
    if (owner.pid !== thisProcess.pid && processRuns(owner.pid, owner.start)) continue;
    const claimed = journalPath(databaseFile, thisProcess);
    try {
      renameSync(found, claimed);
    } catch (error) {
      // Claimed by another starting process first.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const content = readJournalText(readFileSync(claimed, 'utf8'));
    if (content.rows.length > 0) fold(content.rows);
    recovered += content.rows.length;
    if (content.torn) onProblem(`${name}: skipped a torn last line (a write cut short by a crash)`);
    if (content.unreadable > 0) {
      renameSync(claimed, `${found}.unreadable`);
      onProblem(`${name}: ${content.unreadable} unreadable line(s); kept as ${found}.unreadable (its ${content.rows.length} readable rows are in the ledger)`);
    } else {
      unlinkSync(claimed);
    }
  }
  return recovered;
}
