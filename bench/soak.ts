// The soak: two batches of N text requests on a fresh server; memory read after a full GC.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { type LoadResult, badBodies, describeProblems, hadProblems, runLoad } from './load.ts';
import { mb, readMemory, waitForIdle, withOtherLoad } from './proc.ts';
import { type Scenario, loadCheck } from './scenarios.ts';
import type { ServerProcessOptions, ServerProcess } from './server-process.ts';

export interface SoakPhase {
  label: string;
  load: LoadResult | undefined;
  rssKb: number;
  /** V8 heap in use after a full GC (undefined when the probe did not answer). */
  heapUsedKb: number | undefined;
  /** CPU cores other processes kept busy during the batch. */
  otherCores?: number | undefined;
}

export interface SoakOutcome {
  phases: SoakPhase[];
  verdict: string;
  notes: string[];
  /** Errors, non-2xx answers, failed checks, or growth past the threshold. */
  flagged: boolean;
}

const probePath = resolve(dirname(fileURLToPath(import.meta.url)), 'gc-probe.mjs');

/** Server options that preload the GC probe; the probe file lives beside the data dirs in tmp. */
export function soakServerOptions(): ServerProcessOptions & { probeFile: string } {
  const probeFile = join(tmpdir(), `imagegate-bench-gc-${process.pid}.json`);
  return { probeFile, nodeArgs: ['--expose-gc', '--import', pathToFileURL(probePath).href], env: { BENCH_GC_PROBE_FILE: probeFile } };
}

let probeSequence = 0;

/** Waits for the server to go idle, asks the probe for a full GC, then reads RSS. */
async function memoryAfterGc(server: ServerProcess, probeFile: string): Promise<{ rssKb: number; heapUsedKb: number | undefined }> {
  await sleep(500);
  await waitForIdle(server.pid, 500, 30_000);
  let heapUsedKb: number | undefined;
  process.kill(server.pid, 'SIGUSR2');
  for (let attempt = 0; attempt < 50 && heapUsedKb === undefined; attempt++) {
    await sleep(100);
    if (!existsSync(probeFile)) continue;
    try {
      const reading = JSON.parse(readFileSync(probeFile, 'utf8')) as { sequence?: number; heapUsed?: number };
      if (typeof reading.sequence === 'number' && reading.sequence > probeSequence && typeof reading.heapUsed === 'number') {
        probeSequence = reading.sequence;
        heapUsedKb = reading.heapUsed / 1024;
      }
    } catch {
      // Half-written file: read again on the next round.
    }
  }
  await sleep(300);
  const reading = readMemory(server.pid);
  if (!reading) throw new Error(`cannot read /proc/${server.pid}/status`);
  return { rssKb: reading.rssKb, heapUsedKb };
}

export async function runSoak(server: ServerProcess, probeFile: string, scenario: Scenario, requests: number, timeoutSeconds: number): Promise<SoakOutcome> {
  const log = (message: string): void => void process.stderr.write(`bench: soak: ${message}\n`);
  const base = { url: server.url, body: scenario.body, connections: scenario.connections, timeoutSeconds, verifyBody: loadCheck(scenario), maxSeconds: 300 };
  const warmupRequests = Math.min(requests, 2000);
  log(`warm-up ${warmupRequests} requests`);
  const warm = await runLoad({ ...base, amount: warmupRequests });
  const phases: SoakPhase[] = [{ label: `before (after ${warmupRequests} warm-up requests)`, load: undefined, ...(await memoryAfterGc(server, probeFile)) }];
  const notes: string[] = hadProblems(warm) ? [`⚠ soak warm-up: ${describeProblems(warm)}`] : [];
  if (phases[0]?.heapUsedKb === undefined) notes.push('ℹ the GC probe did not answer; memory is read without a forced GC.');
  for (const batch of ['1st', '2nd'] as const) {
    log(`${batch} batch of ${requests} requests`);
    const { value: load, otherCores } = await withOtherLoad(server.pid, () => runLoad({ ...base, amount: requests }));
    const exit = server.exitInfo();
    if (exit !== undefined) throw new Error(`the server ${exit} during the soak; stderr tail:\n${server.stderrTail()}`);
    const memory = await memoryAfterGc(server, probeFile);
    phases.push({ label: `after ${batch} ${requests.toLocaleString('en-US')}`, load, otherCores, ...memory });
    if (hadProblems(load)) notes.push(`⚠ soak ${batch} batch: ${describeProblems(load)}`);
    log(`${batch} batch done, ${load.ok2xx} ok, RSS ${mb(memory.rssKb).toFixed(1)} MB, heap ${mb(memory.heapUsedKb ?? Number.NaN).toFixed(1)} MB`);
  }
  const [before, first, second] = phases;
  if (!before || !first || !second?.load) throw new Error('soak phases missing');
  const hwm = readMemory(server.pid)?.hwmKb;
  if (hwm !== undefined) notes.push(`Server VmHWM during the soak: ${mb(hwm).toFixed(1)} MB.`);
  const verdict = soakVerdict(before, first, second, second.load.ok2xx);
  return { phases, verdict: verdict.line, notes, flagged: verdict.growing || notes.some((note) => note.startsWith('⚠')) };
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const signedMb = (kb: number): string => (Number.isFinite(kb) ? `${kb >= 0 ? '+' : '−'}${fixed(Math.abs(mb(kb)), 1)} MB` : 'n/a');

export function soakTable(phases: SoakPhase[]): string {
  const lines = [
    '| Phase | 2xx answers | seconds | responses/s | non-2xx + errors | other processes, cores | RSS MB after GC | change | V8 heap used MB after GC | change |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  let previous: SoakPhase | undefined;
  for (const phase of phases) {
    const { load } = phase;
    const cells = [
      phase.label,
      load ? String(load.ok2xx) : '',
      load ? fixed(load.durationSeconds, 1) : '',
      load ? fixed(load.okPerSecond, 0) : '',
      load ? String(load.non2xx + load.errors + badBodies(load)) : '',
      phase.otherCores === undefined ? '' : fixed(phase.otherCores, 2),
      fixed(mb(phase.rssKb), 1),
      previous ? signedMb(phase.rssKb - previous.rssKb) : '',
      phase.heapUsedKb === undefined ? 'n/a' : fixed(mb(phase.heapUsedKb), 1),
      previous && phase.heapUsedKb !== undefined && previous.heapUsedKb !== undefined ? signedMb(phase.heapUsedKb - previous.heapUsedKb) : '',
    ];
    lines.push(`| ${cells.join(' | ')} |`);
    previous = phase;
  }
  return lines.join('\n');
}

/**
 * Growth over the second batch is judged against 10 % of the RSS before the soak (~20 MB on a
 * ~200 MB server): a leak of 1 KB per request adds 20 MB per 20k and crosses it, while what is
 * left after a full GC moves by a few MB between readings (allocator pages, SQLite's page cache).
 */
function soakVerdict(before: SoakPhase, first: SoakPhase, second: SoakPhase, requests: number): { line: string; growing: boolean } {
  const growthKb = second.rssKb - first.rssKb;
  const thresholdKb = before.rssKb * 0.1;
  const perRequest = requests > 0 ? (growthKb * 1024) / requests : Number.NaN;
  const heap =
    first.heapUsedKb !== undefined && second.heapUsedKb !== undefined ? `; V8 heap after GC ${signedMb(second.heapUsedKb - first.heapUsedKb)}` : '';
  const growing = growthKb >= thresholdKb;
  const line =
    `RSS growth over 2nd ${requests.toLocaleString('en-US')}: ${signedMb(growthKb)} ` +
    `(${fixed((growthKb / before.rssKb) * 100, 1)} % of ${fixed(mb(before.rssKb), 1)} MB, ${fixed(perRequest, 0)} B/request${heap}; ` +
    `threshold 10 % = ${fixed(mb(thresholdKb), 1)} MB) → ${growing ? 'GROWING — possible leak' : 'no growth'}`;
  return { line, growing };
}
