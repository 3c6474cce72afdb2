// The bench's other processes (fake upstream, Portkey): started with a bounded wait for readiness,
// stopped with SIGTERM then SIGKILL. Every child is tracked so a failed run still ends them all.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Child {
  readonly name: string;
  readonly pid: number;
  /** Set once the process has exited. */
  exitInfo(): string | undefined;
  stdout(): string;
  stderrTail(): string;
  stop(graceMillis?: number): Promise<void>;
}

const running = new Set<Child>();

export interface StartChildOptions {
  name: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Resolves once the child is ready (polled every 100 ms until `startTimeoutMillis`). */
  ready: (child: Child) => Promise<boolean> | boolean;
  startTimeoutMillis?: number;
}

export async function startChild(options: StartChildOptions): Promise<Child> {
  const process_ = spawn(process.execPath, options.args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolveExit) => {
    process_.once('exit', (code, signal) => {
      exitInfo = signal ? `killed by ${signal}` : `exited with code ${String(code)}`;
      resolveExit();
    });
    process_.once('error', (error) => {
      exitInfo = `failed to spawn: ${error.message}`;
      resolveExit();
    });
  });
  process_.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    if (stdout.length < 16_384) stdout += chunk;
  });
  process_.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4096);
  });
  let stopped = false;
  const child: Child = {
    name: options.name,
    pid: process_.pid ?? -1,
    exitInfo: () => exitInfo,
    stdout: () => stdout,
    stderrTail: () => stderr,
    async stop(graceMillis = 5000) {
      if (stopped) return;
      stopped = true;
      running.delete(child);
      await terminate(process_, exited, () => exitInfo !== undefined, graceMillis);
    },
  };
  running.add(child);
  const deadline = Date.now() + (options.startTimeoutMillis ?? 30_000);
  try {
    while (Date.now() < deadline) {
      if (exitInfo !== undefined) throw new Error(`${options.name} ${exitInfo} before it was ready; stderr:\n${stderr}`);
      if (await Promise.resolve(options.ready(child)).catch(() => false)) return child;
      await sleep(100);
    }
    throw new Error(`${options.name} not ready within ${options.startTimeoutMillis ?? 30_000} ms; stdout:\n${stdout.slice(-2000)}\nstderr:\n${stderr}`);
  } catch (error) {
    await child.stop();
    throw error;
  }
}

async function terminate(child: ChildProcess, exited: Promise<void>, hasExited: () => boolean, graceMillis: number): Promise<void> {
  if (hasExited()) return;
  child.kill('SIGTERM');
  if (await Promise.race([exited.then(() => true), sleep(graceMillis).then(() => false)])) return;
  child.kill('SIGKILL');
  await Promise.race([exited, sleep(2000)]);
}

/** Stops every child still running (for the run's `finally` and signal handlers). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop().catch(() => undefined)));
}

/** A port free on 127.0.0.1 right now (for programs that cannot listen on port 0 and report it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolveListen, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolveListen));
  const address = server.address();
  await new Promise((resolveClose) => server.close(resolveClose));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}
