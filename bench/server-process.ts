// Runs `node bin/imagegate.js serve` as a child process on 127.0.0.1 with a fresh data dir.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ServerProcess {
  /** `http://127.0.0.1:PORT`, parsed from the banner's first line. */
  url: string;
  pid: number;
  dataDir: string;
  /** Set when the process has exited (expectedly or not). */
  exitInfo(): string | undefined;
  /** Last few KB of the server's stderr, for reporting crashes. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL after `graceMillis`; then removes the data dir. Safe to call twice. */
  stop(graceMillis?: number): Promise<void>;
}

const BANNER = /^imagegate listening on (http:\/\/127\.0\.0\.1:(\d+))\s*$/m;
const STDERR_TAIL_BYTES = 4096;

export interface ServerProcessOptions {
  /** Node flags before the script, after those in BENCH_SERVER_NODE_ARGS (space-separated). */
  nodeArgs?: string[];
  env?: Record<string, string>;
  startTimeoutMillis?: number;
  /** Script and arguments before the listen flags (e.g. what `npm start` runs); `bin/imagegate.js serve` when absent. */
  command?: string[];
}

export async function startServerProcess(repoRoot: string, options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const startTimeoutMillis = options.startTimeoutMillis ?? 20_000;
  const dataDir = await mkdtemp(join(tmpdir(), 'imagegate-bench-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    // Other IMAGEGATE_* settings (config file, limits) would make the run irreproducible.
    if (!key.startsWith('IMAGEGATE_')) env[key] = value;
  }
  env['IMAGEGATE_LOG_LEVEL'] = 'silent';
  env['IMAGEGATE_HOST'] = '127.0.0.1';
  Object.assign(env, options.env);
  // Flags such as --cpu-prof are refused in NODE_OPTIONS, so they go on the command line.
  const nodeArgs = [...(process.env['BENCH_SERVER_NODE_ARGS'] ?? '').split(/\s+/).filter(Boolean), ...(options.nodeArgs ?? [])];

  const command = options.command ?? [resolve(repoRoot, 'bin/imagegate.js'), 'serve'];
  const child = spawn(process.execPath, [...nodeArgs, ...command, '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exitInfo = signal ? `killed by ${signal}` : `exited with code ${String(code)}`;
      resolveExit();
    });
    child.once('error', (error) => {
      exitInfo = `failed to spawn: ${error.message}`;
      resolveExit();
    });
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    if (stdout.length < 16_384) stdout += chunk; // keep draining the pipe, keep only the banner
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_BYTES);
  });

  let stopped = false;
  const stop = async (graceMillis = 5000): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await terminate(child, exited, () => exitInfo !== undefined, graceMillis);
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + startTimeoutMillis;
    let match: RegExpMatchArray | null = null;
    while (Date.now() < deadline && exitInfo === undefined) {
      match = BANNER.exec(stdout);
      if (match) break;
      await sleep(50);
    }
    if (exitInfo !== undefined) throw new Error(`server ${exitInfo} before listening; stderr:\n${stderr}`);
    const url = match?.[1];
    if (!url) throw new Error(`no 'imagegate listening on http://127.0.0.1:PORT' line within ${startTimeoutMillis} ms; stdout:\n${stdout}`);
    await waitForHealth(url, deadline);
    if (child.pid === undefined) throw new Error('child process has no pid');
    return { url, pid: child.pid, dataDir, exitInfo: () => exitInfo, stderrTail: () => stderr, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForHealth(url: string, deadline: number): Promise<void> {
  let lastError = 'no attempt';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      const body: unknown = await response.json();
      if (response.ok && typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'ok') return;
      lastError = `HTTP ${response.status} ${JSON.stringify(body)}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(100);
  }
  throw new Error(`GET /health did not answer {status:"ok"} in time (last: ${lastError})`);
}

async function terminate(child: ChildProcess, exited: Promise<void>, hasExited: () => boolean, graceMillis: number): Promise<void> {
  if (hasExited()) return;
  child.kill('SIGTERM');
  const graceful = await Promise.race([exited.then(() => true), sleep(graceMillis).then(() => false)]);
  if (graceful) return;
  process.stderr.write(`bench: server pid ${String(child.pid)} ignored SIGTERM for ${graceMillis} ms; sending SIGKILL\n`);
  child.kill('SIGKILL');
  await Promise.race([exited, sleep(2000)]);
}

/** Total bytes and file count under a directory (bounded depth, for the data-dir size line). */
export async function directorySize(dir: string, depth = 0): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  if (depth > 8) return { bytes, files };
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      const inner = await directorySize(path, depth + 1);
      bytes += inner.bytes;
      files += inner.files;
    } else if (entry.isFile()) {
      bytes += (await stat(path)).size;
      files += 1;
    }
  }
  return { bytes, files };
}
