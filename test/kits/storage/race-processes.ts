import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Lines a child prints, in order. */
function linesOf(child: ChildProcess): AsyncIterator<string> {
  if (child.stdout === null) throw new Error('no stdout');
  return createInterface({ input: child.stdout })[Symbol.asyncIterator]();
}

/**
 * Races worker processes: starts one per argument list, waits until every one prints `ready`,
 * releases them together (`go` on stdin), and returns the JSON report each prints, with their
 * exit codes. A worker still running when this ends (a failed expectation) is killed.
 */
export async function raceProcesses<Report>(workerFile: string, argumentLists: ReadonlyArray<ReadonlyArray<string>>): Promise<{ reports: Report[]; exitCodes: Array<number | null> }> {
  const children = argumentLists.map((args) => spawn(process.execPath, ['--import', 'tsx', workerFile, ...args], { cwd: repositoryRoot, stdio: ['pipe', 'pipe', 'inherit'] }));
  try {
    const lines = children.map(linesOf);
    for (const line of lines) {
      const first = (await line.next()).value as string | undefined;
      if (first !== 'ready') throw new Error(`a race worker said ${JSON.stringify(first)} instead of ready`);
    }
    for (const child of children) child.stdin?.write('go\n');
    const reports = await Promise.all(lines.map(async (line) => JSON.parse(String((await line.next()).value)) as Report));
    await Promise.all(children.map((child) => (child.exitCode === null ? once(child, 'exit') : undefined)));
    return { reports, exitCodes: children.map((child) => child.exitCode) };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}
