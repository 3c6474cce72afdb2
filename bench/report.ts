// Markdown for the README: one row per scenario, and notes on flagged rows.
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
  /** CPU cores busy with other processes (not the server, not this benchmark) during the run. */
  otherCores: number | undefined;
  /** How long the server took to go idle after the warm-up (undefined: it never did). */
  drainMillis: number | undefined;
}

const fixed = (value: number, digits: number): string => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const ms = (value: number): string => fixed(value, value < 10 ? 2 : value < 100 ? 1 : 0);

/** `errors` counts connection errors and timeouts plus 2xx bodies that failed the check; notes split them. */
export function scenarioTable(rows: ScenarioRow[]): string {
  const lines = [
    '| Scenario | Connections | store | p50 ms | p99 ms | responses/s | server CPU ms/response | non-2xx | errors | peak RSS MB (100 ms samples) | VmHWM MB | other processes, cores | OK |',
    '|---|--:|:-:|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|',
  ];
  for (const { scenario, verifyProblem, load, sampledPeakKb, hwmKb, serverCpuSeconds, otherCores } of rows) {
    const cpuPerResponse = serverCpuSeconds !== undefined && load.completed > 0 ? (serverCpuSeconds * 1000) / load.completed : Number.NaN;
    const ok = verifyProblem === undefined && !hadProblems(load);
    lines.push(
      `| ${scenario.name} | ${scenario.connections} | ${scenario.store ? 'true' : 'false'} | ${ms(load.p50Millis)} | ${ms(load.p99Millis)} | ` +
        `${fixed(load.okPerSecond, 0)} | ${ms(cpuPerResponse)} | ${load.non2xx} | ${load.errors + badBodies(load)} | ${fixed(mb(sampledPeakKb), 0)} | ` +
        `${hwmKb === undefined ? 'n/a' : fixed(mb(hwmKb), 0)} | ${otherCores === undefined ? 'n/a' : fixed(otherCores, 2)} | ${ok ? '✓' : '⚠'} |`,
    );
  }
  return lines.join('\n');
}

/** Plain-language notes for flagged rows (what went wrong, with counts). */
export function scenarioProblems(rows: ScenarioRow[]): string[] {
  const notes: string[] = [];
  for (const { scenario, verifyProblem, load, drainMillis, otherCores } of rows) {
    const label = `${scenario.name} (${scenario.connections} conn, store ${String(scenario.store)})`;
    if (otherCores !== undefined && otherCores > 0.25) notes.push(`ℹ ${label}: other processes kept ${fixed(otherCores, 2)} cores busy during the run; its numbers are low by an unknown amount.`);
    if (drainMillis === undefined) notes.push(`ℹ ${label}: the server did not go idle within 60 s after the warm-up was cut off.`);
    else if (drainMillis > 2000) notes.push(`ℹ ${label}: the server kept working ${fixed(drainMillis / 1000, 1)} s after the warm-up's client disconnected.`);
    if (verifyProblem !== undefined) notes.push(`⚠ ${label}: the checked request before the run failed: ${verifyProblem}`);
    if (hadProblems(load)) notes.push(`⚠ ${label}: ${describeProblems(load)}`);
  }
  return notes;
}
