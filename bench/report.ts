// Markdown for the README: one row per scenario, the soak table and its verdict.
import { type LoadResult, badBodies, describeProblems, hadProblems } from './load.ts';
import { mb } from './proc.ts';
import type { Scenario } from './scenarios.ts';

export interface ScenarioRow {
  scenario: Scenario;
  /** Problem found by the single checked request before the run, if any. */
  verifyProblem: string | undefined;
  load: LoadResult;
  sampledPeakKb: number;
  /** VmHWM at the end of the run (reset before it when the kernel allows). */
  hwmKb: number | undefined;
  /** Server user+system CPU during the measured run. */
  serverCpuSeconds: number | undefined;
  /** How long the server took to go idle after the warm-up (undefined: it never did). */
  drainMillis: number | undefined;
}

export interface SoakPhase {
  label: string;
  load: LoadResult | undefined;
  rssKb: number;
}

export interface SoakVerdict {
  growthKb: number;
  thresholdKb: number;
  line: string;
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const ms = (value: number): string => fixed(value, value < 10 ? 2 : value < 100 ? 1 : 0);
const signedMb = (kb: number): string => `${kb >= 0 ? '+' : '−'}${fixed(Math.abs(mb(kb)), 1)} MB`;

export function scenarioTable(rows: ScenarioRow[]): string {
  const lines = [
    '| Scenario | Connections | store | p50 ms | p99 ms | responses/s | server CPU ms/response | non-2xx | conn. errors | bad 2xx bodies | peak RSS MB (100 ms samples) | VmHWM MB | OK |',
    '|---|--:|:-:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|',
  ];
  for (const { scenario, verifyProblem, load, sampledPeakKb, hwmKb, serverCpuSeconds } of rows) {
    const cpuPerResponse = serverCpuSeconds !== undefined && load.completed > 0 ? (serverCpuSeconds * 1000) / load.completed : Number.NaN;
    const ok = verifyProblem === undefined && !hadProblems(load);
    lines.push(
      `| ${scenario.name} | ${scenario.connections} | ${scenario.store ? 'true' : 'false'} | ${ms(load.p50Millis)} | ${ms(load.p99Millis)} | ` +
        `${fixed(load.okPerSecond, 0)} | ${ms(cpuPerResponse)} | ${load.non2xx} | ${load.errors} | ${badBodies(load)} | ${fixed(mb(sampledPeakKb), 0)} | ` +
        `${hwmKb === undefined ? 'n/a' : fixed(mb(hwmKb), 0)} | ${ok ? '✓' : '⚠'} |`,
    );
  }
  return lines.join('\n');
}

/** Plain-language notes for flagged rows (what went wrong, with counts). */
export function scenarioProblems(rows: ScenarioRow[]): string[] {
  const notes: string[] = [];
  for (const { scenario, verifyProblem, load, drainMillis } of rows) {
    const label = `${scenario.name} (${scenario.connections} conn, store ${String(scenario.store)})`;
    if (drainMillis === undefined) notes.push(`ℹ ${label}: the server did not go idle within 60 s after the warm-up was cut off.`);
    else if (drainMillis > 2000) notes.push(`ℹ ${label}: the server kept working ${fixed(drainMillis / 1000, 1)} s after the warm-up's client disconnected.`);
    if (verifyProblem !== undefined) notes.push(`⚠ ${label}: the checked request before the run failed: ${verifyProblem}`);
    if (hadProblems(load)) notes.push(`⚠ ${label}: ${describeProblems(load)}`);
  }
  return notes;
}

export function soakTable(phases: SoakPhase[]): string {
  const lines = ['| Phase | requests answered 2xx | seconds | responses/s | non-2xx + errors | server RSS MB | change MB |', '|---|--:|--:|--:|--:|--:|--:|'];
  let previous: number | undefined;
  for (const { label, load, rssKb } of phases) {
    const change = previous === undefined ? '' : signedMb(rssKb - previous);
    const answered = load ? String(load.ok2xx) : '';
    const seconds = load ? fixed(load.durationSeconds, 1) : '';
    const rate = load ? fixed(load.okPerSecond, 0) : '';
    const bad = load ? String(load.non2xx + load.errors + badBodies(load)) : '';
    lines.push(`| ${label} | ${answered} | ${seconds} | ${rate} | ${bad} | ${fixed(mb(rssKb), 1)} | ${change} |`);
    previous = rssKb;
  }
  return lines.join('\n');
}

/**
 * Growth over the second batch is judged against 10 % of the RSS before the soak: a leak of
 * ~0.5 KB per request (10 MB per 20k at a ~100 MB baseline) crosses it, while V8 heap resizing
 * and SQLite page-cache warm-up move RSS by a few MB only, and mostly during the first batch.
 */
export function soakVerdict(beforeKb: number, afterFirstKb: number, afterSecondKb: number, requestsInSecond: number): SoakVerdict {
  const growthKb = afterSecondKb - afterFirstKb;
  const thresholdKb = beforeKb * 0.1;
  const perRequest = requestsInSecond > 0 ? (growthKb * 1024) / requestsInSecond : Number.NaN;
  const verdict = growthKb < thresholdKb ? 'no growth' : 'GROWING — possible leak';
  const line =
    `RSS growth over 2nd ${requestsInSecond.toLocaleString('en-US')}: ${signedMb(growthKb)} ` +
    `(${fixed((growthKb / beforeKb) * 100, 1)} % of ${fixed(mb(beforeKb), 1)} MB, ${fixed(perRequest, 0)} B/request; ` +
    `threshold 10 % = ${fixed(mb(thresholdKb), 1)} MB) → ${verdict}`;
  return { growthKb, thresholdKb, line };
}
