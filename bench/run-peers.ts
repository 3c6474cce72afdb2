// `npm run bench:peers [-- --quick] [-- --only=images]`: imagegate beside Portkey's open-source
// gateway and the upstream alone, in one run, on 127.0.0.1 (see bench/peers/). Prints Markdown for
// the README and writes the same results as JSON to bench-results/peers-<date>.json. `--quick`: 1 s
// rows, no warm-up, 20 image responses at once instead of 1,000 (the smoke test's mode; numbers
// meaningless). `--only=images`: the image rows alone (relay and burst, imagegate and Portkey).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMemory, waitForIdle } from './proc.ts';
import { withPostgresServer } from './postgres-server.ts';
import { type ServerProcess, startServerProcess } from './server-process.ts';
import { stopAllChildren } from './peers/child-process.ts';
import { type ImageRow, type ImageRunOptions, imagegateImageRequest, imagesApiRequest, measureImageRow } from './peers/image-rows.ts';
import { MODELS, imagegateOptions } from './peers/imagegate-process.ts';
import { portkeyHeaders, startFakeUpstream, startPortkey } from './peers/peer-processes.ts';
import { measurePairedRounds } from './peers/paired-rounds.ts';
import { type PeersResults, TARGET_NAMES, markdown, verdicts } from './peers/peers-report.ts';
import { type RowTiming, type Target, type TextRow, type TextRowSpec, measureTextRow } from './peers/text-rows.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const quick = process.argv.includes('--quick');
const outArgument = process.argv.find((argument) => argument.startsWith('--out='));
const timing: RowTiming = quick ? { seconds: 1, warmupSeconds: 0 } : { seconds: 6, warmupSeconds: 1 };
const onlyImages = process.argv.includes('--only=images');
const burst = quick ? 20 : 1000;
/** Each burst request is abandoned (counted failed) after this long, which bounds the burst. */
const burstTimeoutSeconds = 60;
/**
 * What an operator would set for bursts of image streams: every request is accepted at once, 32
 * image responses run (each holds its image, ~3 MB, until its client has it) and the rest wait in
 * the queue for as long as the client waits. Measured on 2 cores: 300 at once peaked at 1,067 MB
 * RSS, 32 at a time at 438 MB for 1,000, at the same throughput (CPU-bound past a few at once).
 */
const imageSlots = { running: 32, queued: Math.max(burst, 256), queueWaitMillis: burstTimeoutSeconds * 1000 };
/** Past this the server is stopped: the machine is shared, and a gateway that needs more has failed the 1 GiB target anyway. */
const rssCapKb = Math.min(8 * 1024 * 1024, Math.floor((totalmem() / 1024) * 0.4));
const hardLimitMillis = (quick ? 240 : 720) * 1000;
/** Side-by-side rounds of the rows the targets compare (bench/peers/paired-rounds.ts). */
const pairedRoundCount = quick ? 1 : 3;

const log = (message: string): void => {
  process.stderr.write(`bench:peers: ${message}\n`);
};

const servers: ServerProcess[] = [];
/** Set at the hard time limit: servers are stopped, rows not started yet are skipped, what was measured is still written. */
let outOfTime = false;
async function stopEverything(): Promise<void> {
  await Promise.all(servers.map((server) => server.stop().catch(() => undefined)));
  await stopAllChildren();
}
const hardLimit = setTimeout(() => {
  log(`hard time limit of ${hardLimitMillis / 1000} s reached; stopping the servers and writing what was measured`);
  outOfTime = true;
  void stopEverything();
  setTimeout(() => process.exit(1), 60_000).unref();
}, hardLimitMillis);
hardLimit.unref();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stopEverything().finally(() => process.exit(130)));

const textSpecs = (model: string, store: boolean, connections: number[], modes: boolean[]): TextRowSpec[] =>
  connections.flatMap((count) => modes.map((stream) => ({ connections: count, stream, store, model })));
const ALL = (model: string, store: boolean): TextRowSpec[] => [...textSpecs(model, store, [1], [false]), ...textSpecs(model, store, [50], [false, true])];

async function textRows(target: Target, specs: TextRowSpec[], rows: TextRow[]): Promise<void> {
  for (const spec of specs) if (!outOfTime) rows.push(await measureTextRow(target, spec, timing, log));
}

const imagegateTarget = (name: string, server: ServerProcess): Target => ({ name, url: server.url, pid: server.pid });

async function main(): Promise<PeersResults> {
  const cpuList = cpus();
  const results: PeersResults = {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
      cores: cpuList.length,
      node: process.version,
      os: `${osType()} ${release()}`,
      memoryGb: totalmem() / 1024 ** 3,
      loadAverageAtStart: loadavg()[0] ?? 0,
      loadAverageAtEnd: undefined,
    },
    settings: { seconds: timing.seconds, warmupSeconds: timing.warmupSeconds, burst, pngBytes: undefined, quick },
    imagegateIdleRssKb: undefined,
    processes: [],
    text: [],
    paired: [],
    images: [],
    verdicts: [],
    notes: [],
  };
  const upstream = await startFakeUpstream(repoRoot);
  results.settings.pngBytes = Number(/png (\d+) bytes/.exec(upstream.child.stdout())?.[1]) || undefined;
  log(`fake upstream pid ${upstream.child.pid} at ${upstream.url}`);
  results.processes.push({ name: 'fake upstream', pid: upstream.child.pid });
  const portkey = await startPortkey(repoRoot);
  log(`Portkey pid ${portkey.child.pid} at ${portkey.url}`);
  results.processes.push({ name: 'Portkey', pid: portkey.child.pid });
  const portkeyTarget: Target = { name: TARGET_NAMES.portkey, url: portkey.url, pid: portkey.child.pid, headers: portkeyHeaders(upstream.url) };
  const upstreamTarget: Target = { name: TARGET_NAMES.upstream, url: upstream.url, pid: upstream.child.pid };
  const imageOptions = (concurrency: number, fixedAmount: boolean, onCap: () => Promise<void>): ImageRunOptions => ({
    concurrency,
    ...(fixedAmount ? { amount: concurrency, timeoutSeconds: burstTimeoutSeconds } : { durationSeconds: timing.seconds, timeoutSeconds: 60 }),
    rssCapKb,
    onCap,
  });

  const imageRow = async (...args: Parameters<typeof measureImageRow>): Promise<ImageRow | undefined> => {
    if (outOfTime) return undefined;
    const row = await measureImageRow(...args);
    results.images.push(row);
    return row;
  };

  if (!onlyImages) {
    await textRows(upstreamTarget, ALL(MODELS.toolLoop, false), results.text);
    await textRows(portkeyTarget, ALL(MODELS.toolLoop, false), results.text);
  }

  const options = await imagegateOptions(repoRoot, upstream.url, imageSlots);
  const sqlite = await startServerProcess(repoRoot, options);
  servers.push(sqlite);
  results.imagegateIdleRssKb = readMemory(sqlite.pid)?.rssKb;
  results.processes.push({ name: 'imagegate (SQLite)', pid: sqlite.pid });
  log(`imagegate pid ${sqlite.pid} at ${sqlite.url}, idle RSS ${((results.imagegateIdleRssKb ?? 0) / 1024).toFixed(0)} MB`);
  if (!onlyImages) {
    await textRows(imagegateTarget(TARGET_NAMES.storeFalse, sqlite), ALL(MODELS.toolLoop, false), results.text);
    await textRows(imagegateTarget(TARGET_NAMES.storeTrue, sqlite), ALL(MODELS.toolLoop, true), results.text);
    await textRows(imagegateTarget(TARGET_NAMES.passthrough, sqlite), textSpecs(MODELS.passthrough, false, [50], [false]), results.text);
    // The tool loop over the upstream's /v1/chat/completions (`api: chat`), answered as a Responses API response.
    await textRows(imagegateTarget(TARGET_NAMES.chat, sqlite), textSpecs(MODELS.chat, false, [50], [false]), results.text);
    const paired = { upstream: upstreamTarget, portkey: portkeyTarget, storeFalse: imagegateTarget(TARGET_NAMES.storeFalse, sqlite), storeTrue: imagegateTarget(TARGET_NAMES.storeTrue, sqlite) };
    results.paired = await measurePairedRounds(paired, MODELS.toolLoop, pairedRoundCount, timing, log, () => outOfTime);
  }

  // The bursts come last (each server's last row): requests they cut off keep the upstream and the
  // gateway busy for a while, and a server stopped at the memory cap is not needed again.
  const stopPortkey = (): Promise<void> => portkey.child.stop(1000);
  const stopImagegate = (): Promise<void> => sqlite.stop(1000);
  const relay = imagegateTarget('imagegate, tool loop, store: false', sqlite);
  await imageRow(portkeyTarget, imagesApiRequest(false), 'relay', imageOptions(50, false, stopPortkey), log);
  await imageRow(relay, imagegateImageRequest(false), 'relay', imageOptions(50, false, stopImagegate), log);

  const postgresSpecs = textSpecs(MODELS.toolLoop, true, [50], [false, true]);
  if (!outOfTime && !onlyImages) {
    await withPostgresServer(
      repoRoot,
      log,
      (started) => {
        servers.push(started);
        results.processes.push({ name: 'imagegate (PostgreSQL)', pid: started.pid });
      },
      (server) => textRows(imagegateTarget(TARGET_NAMES.postgres, server), postgresSpecs, results.text),
      options,
    );
    if (!results.text.some((row) => row.target === TARGET_NAMES.postgres)) results.notes.push('No PostgreSQL rows: PostgreSQL is not installed on this machine.');
  }

  const settleAll = async (): Promise<void> => {
    await Promise.all([upstream.child.pid, portkey.child.pid, sqlite.pid].map((pid) => waitForIdle(pid, 300, 30_000)));
  };
  await settleAll();
  await imageRow(relay, imagegateImageRequest(true), 'burst', imageOptions(burst, true, stopImagegate), log);
  await sqlite.stop();
  await settleAll();
  // Portkey 1.15.2 fails every streamed answer on Node (issue #1389 / #1550); its burst row falls back to JSON then.
  const portkeyBurst = await imageRow(portkeyTarget, imagesApiRequest(true), 'burst', imageOptions(burst, true, stopPortkey), log);
  if (portkeyBurst?.failure !== undefined) await imageRow(portkeyTarget, imagesApiRequest(false), 'burst', imageOptions(burst, true, stopPortkey), log);
  if (outOfTime) results.notes.push('The run hit its hard time limit: the rows after that point are missing.');

  results.machine.loadAverageAtEnd = loadavg()[0];
  results.verdicts = verdicts(results.text, results.paired, results.images, results.imagegateIdleRssKb, burst);
  if (results.text.some((row) => row.target === TARGET_NAMES.portkey && row.failure !== undefined)) {
    results.notes.push(
      "Portkey's streamed rows fail as shipped: @portkey-ai/gateway 1.15.2 on Node answers every `stream: true` request `{\"status\":\"failure\",\"message\":\"Something went wrong\"}` " +
        '(`TypeError: immutable` in its updateHeaders; Portkey-AI/gateway issues #1389 and #1550), so SSE ratios are not available and its image burst is JSON.',
    );
  }
  results.notes.push(
    `Image rows: imagegate accepts all ${burst} requests of the burst at once and runs ${imageSlots.running} image responses at a time ` +
      `(limits.maxConcurrentImageJobs ${imageSlots.running}, maxQueuedImageJobs ${imageSlots.queued}, imageQueueWaitMillis ${imageSlots.queueWaitMillis}): ` +
      `the others wait in its queue, their streams starting when a slot frees, as an operator would configure it; ` +
      `the ${burstTimeoutSeconds} s per request include that wait. A server past ${(rssCapKb / 1024).toFixed(0)} MB RSS is stopped (machine protection).`,
  );
  return results;
}

let exitCode = 0;
try {
  const results = await main();
  const text = markdown(results);
  process.stdout.write(`${text}\n`);
  const file = outArgument?.slice('--out='.length) ?? resolve(repoRoot, 'bench-results', `peers-${results.date}${quick ? '-quick' : ''}.json`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ ...results, markdown: text }, null, 2)}\n`);
  log(`results written to ${file}`);
  const failedRows = [...results.text, ...results.images].filter((row) => row.failure !== undefined && !row.target.startsWith('Portkey'));
  if (failedRows.length > 0 || outOfTime) exitCode = 1;
  // Confirms the file parses for whoever pastes from it.
  JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  log(`FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  exitCode = 1;
} finally {
  await stopEverything();
  clearTimeout(hardLimit);
}
process.exitCode = exitCode;
