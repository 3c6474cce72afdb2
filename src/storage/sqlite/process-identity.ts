import { readFileSync } from 'node:fs';
import { processAlive } from '../process-alive.ts';

/**
 * When process `pid` started, in clock ticks since boot (Linux `/proc/<pid>/stat`, field 22);
 * `undefined` when no such process runs, `'0'` where `/proc` is not available. A pid alone is
 * not an identity: a restarted container's server is often pid 1 again, and pids are reused.
 */
export function processStartTime(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') return processAlive(pid) && !procMounted() ? '0' : undefined;
    return '0';
  }
  // "pid (comm) state ppid …": comm may hold spaces and parentheses, so count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? '0';
}

let procChecked: boolean | undefined;
function procMounted(): boolean {
  if (procChecked === undefined) {
    try {
      readFileSync('/proc/self/stat');
      procChecked = true;
    } catch {
      procChecked = false;
    }
  }
  return procChecked;
}


/** This process: its pid and start time, as journal file names carry them. */
export const thisProcess = { pid: process.pid, start: processStartTime(process.pid) ?? '0' };

/**
 * Whether the process that named a file `pid`/`start` still runs: same pid and same start time
 * (where `/proc` tells it; elsewhere, any process with that pid counts as it).
 */
export function processRuns(pid: number, start: string): boolean {
  const now = processStartTime(pid);
  return now !== undefined && (now === '0' || start === '0' || now === start);
}
