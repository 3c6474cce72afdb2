// `npm run bench`: imagegate with the simulator and the procedural image backend under load,
// printed as Markdown for the README. Traffic goes to 127.0.0.1 only; every loop is bounded.
//
// Env: BENCH_SECONDS (10) per scenario, BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (50),
// BENCH_SOAK_REQUESTS (20000) per soak batch, 0 skips the soak; BENCH_ONLY (substring of a
// scenario label, e.g. 'SSE'); BENCH_SERVER_NODE_ARGS (node flags for the server, e.g. '--cpu-prof --cpu-prof-dir=/tmp/p').
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rmSync } from 'node:fs';
import { type LoadResult, describeProblems, hadProblems, runLoad } from './load.ts';
import { type ScenarioRow, scenarioProblems, scenarioTable } from './report.ts';
import { type SoakOutcome, runSoak, soakServerOptions, soakTable } from './soak.ts';
import { RssSampler, mb, readMemory, resetPeak, waitForIdle, withOtherLoad } from './proc.ts';
import { type Scenario, loadCheck, scenarios, verifyOnce } from './scenarios.ts';
import { withPostgresServer } from './postgres-server.ts';
import { type ServerProcess, directorySize, startServerProcess } from './server-process.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer ${min}-${max}, got '${raw}'`);
  return value;
}

const seconds = intFromEnv('BENCH_SECONDS', 10, 1, 300);
const warmupSeconds = intFromEnv('BENCH_WARMUP_SECONDS', 2, 0, 60);
const connections = intFromEnv('BENCH_CONNECTIONS', 50, 1, 1000);
const soakRequests = intFromEnv('BENCH_SOAK_REQUESTS', 20_000, 0, 1_000_000);
/** Substring of `name, N conn, store X` selecting scenarios; empty runs them all. */
const only = process.env['BENCH_ONLY'] ?? '';
const timeoutSeconds = 30;
/** Each soak batch is cut off after this long, whatever its progress (see soak.ts). */
const soakMaxSeconds = 300;

const log = (message: string): void => {
  process.stderr.write(`bench: ${message}\n`);
};

const labelOf = (scenario: Scenario): string => `${scenario.name}, ${scenario.connections} conn, store ${String(scenario.store)}`;
const allScenarios = scenarios(connections);
const scenarioList = allScenarios.filter((scenario) => labelOf(scenario).includes(only));
// Generous upper bound on the whole run; the process exits by itself past it.
// Per scenario: the check, warm-up and run, two idle waits of at most 60 s each, slack.
const hardLimitMillis = (scenarioList.length * (seconds + warmupSeconds + timeoutSeconds + 2 * 60 + 15) + 2 * soakMaxSeconds + 180) * 1000;

let server: ServerProcess | undefined;
let exiting = false;
async function abort(reason: string, code: number): Promise<never> {
  if (!exiting) {
    exiting = true;
    log(reason);
    await server?.stop().catch(() => undefined);
  }
  process.exit(code);
}
const hardLimit = setTimeout(() => void abort(`hard time limit of ${hardLimitMillis / 1000} s reached; stopping`, 1), hardLimitMillis);
hardLimit.unref();
process.once('SIGINT', () => void abort('interrupted', 130));
process.once('SIGTERM', () => void abort('terminated', 143));

function assertServerAlive(current: ServerProcess): void {
  const exit = current.exitInfo();
  if (exit !== undefined) throw new Error(`the server ${exit} during the benchmark; stderr tail:\n${current.stderrTail()}`);
}

async function runScenario(current: ServerProcess, scenario: Scenario): Promise<ScenarioRow> {
  const label = labelOf(scenario);
  await settle(current, `${label}: before the check`);
  const verifyProblem = await verifyOnce(current.url, scenario).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
  log(`${label}: check ${verifyProblem === undefined ? 'ok' : `FAILED: ${verifyProblem}`}`);
  const base = { url: current.url, body: scenario.body, connections: scenario.connections, timeoutSeconds, verifyBody: loadCheck(scenario) };
  if (warmupSeconds > 0) {
    const warm = await runLoad({ ...base, durationSeconds: warmupSeconds });
    if (hadProblems(warm)) log(`${label}: warm-up problems: ${describeProblems(warm)}`);
  }
  assertServerAlive(current);
  // Requests cut off at the end of the warm-up may still be running on the server.
  const drainMillis = await settle(current, `${label}: after the warm-up`);
  const hwmReset = resetPeak(current.pid);
  const sampler = new RssSampler(current.pid, 100);
  sampler.start();
  let measured: Awaited<ReturnType<typeof withOtherLoad<LoadResult>>>;
  let sampled: { peakKb: number };
  try {
    measured = await withOtherLoad(current.pid, () => runLoad({ ...base, durationSeconds: seconds }));
  } finally {
    sampled = sampler.stop();
  }
  const { value: load, otherCores, serverCpuSeconds } = measured;
  assertServerAlive(current);
  const hwmKb = hwmReset ? readMemory(current.pid)?.hwmKb : undefined;
  log(
    `${label}: p50 ${load.p50Millis.toFixed(2)} ms, p99 ${load.p99Millis.toFixed(2)} ms, ${load.okPerSecond.toFixed(0)}/s, ` +
      `${load.ok2xx} ok${hadProblems(load) ? `, PROBLEMS: ${describeProblems(load)}` : ''}`,
  );
  return { scenario, verifyProblem, load, sampledPeakKb: sampled.peakKb, hwmKb, serverCpuSeconds, otherCores, drainMillis };
}

/** Waits (bounded) for the server's CPU to go quiet; returns how long that took. */
async function settle(current: ServerProcess, what: string): Promise<number | undefined> {
  const millis = await waitForIdle(current.pid, 500, 60_000);
  if (millis === undefined) log(`${what}: server still busy after 60 s; measuring anyway`);
  else if (millis > 1000) log(`${what}: server took ${(millis / 1000).toFixed(1)} s to go idle`);
  return millis;
}

async function main(): Promise<number> {
  const cpuList = cpus();
  const facts = [
    `Node ${process.version}`,
    `${cpuList.length} CPUs (${cpuList[0]?.model.trim() ?? 'unknown model'})`,
    `${osType()} ${release()}`,
    `${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM`,
  ].join(', ');
  const [load1 = 0] = loadavg();
  const loadLine = `1-minute load average at start ${load1.toFixed(2)} on ${cpuList.length} CPUs.`;
  log(`${facts}; ${seconds} s per scenario after ${warmupSeconds} s warm-up; hard limit ${hardLimitMillis / 1000} s`);

  const rows: ScenarioRow[] = [];
  let soak: SoakOutcome | undefined;
  let dataDir: { bytes: number; files: number } | undefined;
  let failure: unknown;
  let idleRssKb: number | undefined;
  try {
    server = await startServerProcess(repoRoot);
    idleRssKb = readMemory(server.pid)?.rssKb;
    log(`server pid ${server.pid} at ${server.url}, data dir ${server.dataDir}, idle RSS ${mb(idleRssKb ?? 0).toFixed(1)} MB`);
    for (const scenario of scenarioList) rows.push(await runScenario(server, scenario));
    dataDir = await directorySize(server.dataDir);
    await server.stop();
    // The same store:true scenarios with the responses, keys and ledger in PostgreSQL.
    const postgresScenarios = scenarioList.filter((scenario) => scenario.store).map((scenario) => ({ ...scenario, name: `${scenario.name}, PostgreSQL` }));
    if (postgresScenarios.length > 0) {
      await withPostgresServer(repoRoot, log, (started) => (server = started), async (current) => {
        log(`PostgreSQL server pid ${current.pid} at ${current.url}`);
        for (const scenario of postgresScenarios) rows.push(await runScenario(current, scenario));
      });
    }
    const soakScenario = allScenarios.find((candidate) => labelOf(candidate) === `text, JSON, ${connections} conn, store true`);
    if (soakRequests > 0 && soakScenario) {
      // A fresh server for the soak, so its baseline is not the image scenarios' high-water mark.
      const { probeFile, ...options } = soakServerOptions();
      try {
        server = await startServerProcess(repoRoot, options);
        log(`soak server pid ${server.pid} at ${server.url}`);
        soak = await runSoak(server, probeFile, soakScenario, soakRequests, timeoutSeconds);
      } finally {
        rmSync(probeFile, { force: true });
      }
    }
  } catch (error) {
    failure = error;
  } finally {
    await server?.stop();
    log('server stopped, data dir removed');
  }

  const out: string[] = [
    '## Benchmark',
    '',
    `Measured by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${facts}. ${loadLine}`,
    `Simulator language model, procedural image backend, SQLite in a fresh temp dir (rows marked PostgreSQL: a local PostgreSQL with fsync off), log level silent. ` +
      `Each row: one checked request, ${warmupSeconds} s warm-up, then ${seconds} s of autocannon ` +
      `(client on the same machine, sharing its CPUs). Latency is per response (for SSE: until the stream ends); ` +
      `responses/s counts 2xx answers that passed the body check.`,
  ];
  if (rows.length) out.push('', scenarioTable(rows));
  if (idleRssKb !== undefined) out.push('', `Server RSS right after start, before any request: ${mb(idleRssKb).toFixed(1)} MB.`);
  const problems = scenarioProblems(rows);
  if (problems.length) out.push('', ...problems);
  if (soak) {
    out.push(
      '',
      `Soak (on a fresh server): text JSON with store at its default (true), ${connections} connections. ` +
        'Memory is read once the server is idle, after a full GC (a preloaded probe, bench/gc-probe.mjs, calls gc() on SIGUSR2).',
      '',
      soakTable(soak.phases),
      '',
      soak.verdict,
    );
    if (soak.notes.length) out.push('', ...soak.notes);
  }
  if (dataDir) out.push('', `Data dir after the scenarios: ${(dataDir.bytes / 1024 ** 2).toFixed(1)} MB in ${dataDir.files} files.`);
  process.stdout.write(`${out.join('\n')}\n`);
  if (failure !== undefined) {
    log(`FAILED: ${failure instanceof Error ? (failure.stack ?? failure.message) : String(failure)}`);
    return 1;
  }
  return rows.some((row) => row.verifyProblem !== undefined || hadProblems(row.load)) || soak?.flagged ? 1 : 0;
}

const code = await main().catch(async (error: unknown) => {
  log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  await server?.stop().catch(() => undefined);
  return 1;
});
clearTimeout(hardLimit);
process.exitCode = code;
