// The server process seen from /proc (Linux only): VmRSS sampled on a timer, VmHWM, CPU time.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface MemoryReading {
  rssKb: number;
  /** Peak RSS since start, or since the last successful `resetPeak`. */
  hwmKb: number;
}

export function readMemory(pid: number): MemoryReading | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  if (rss === undefined || hwm === undefined) return undefined;
  return { rssKb: Number(rss), hwmKb: Number(hwm) };
}

/**
 * Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0), so each scenario's
 * high-water mark is its own. Returns false where that is not permitted.
 */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peakKb = 0;
  private samples = 0;

  constructor(
    private readonly pid: number,
    private readonly intervalMillis = 100,
  ) {}

  start(): void {
    this.peakKb = 0;
    this.samples = 0;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMillis);
  }

  /** Stops sampling; returns the highest VmRSS seen and how many samples were taken. */
  stop(): { peakKb: number; samples: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return { peakKb: this.peakKb, samples: this.samples };
  }

  private sample(): void {
    const reading = readMemory(this.pid);
    if (!reading) return;
    this.samples += 1;
    if (reading.rssKb > this.peakKb) this.peakKb = reading.rssKb;
  }
}

export const mb = (kb: number): number => kb / 1024;

let clockTicksPerSecond: number | undefined;

/** CLK_TCK from `getconf`, 100 when that is unavailable (the usual Linux value). */
function ticksPerSecond(): number {
  if (clockTicksPerSecond === undefined) {
    try {
      const value = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 }).trim());
      clockTicksPerSecond = Number.isInteger(value) && value > 0 ? value : 100;
    } catch {
      clockTicksPerSecond = 100;
    }
  }
  return clockTicksPerSecond;
}

/** User + system CPU seconds the process has used (all its threads), from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // Fields after the parenthesised command name start at field 3 (state); utime is 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return (utime + stime) / ticksPerSecond();
}

/**
 * Waits until the server uses under 5 % of one CPU over `quietMillis` (work left over from
 * cancelled requests has drained). Returns how long that took, or undefined after `maxMillis`.
 */
export async function waitForIdle(pid: number, quietMillis = 500, maxMillis = 60_000): Promise<number | undefined> {
  const start = Date.now();
  while (Date.now() - start < maxMillis) {
    const before = cpuSeconds(pid);
    await sleep(quietMillis);
    const after = cpuSeconds(pid);
    if (before === undefined || after === undefined) return undefined;
    if (after - before <= (quietMillis / 1000) * 0.05) return Date.now() - start;
  }
  return undefined;
}

/** Busy CPU seconds of the whole machine (all cores), from the first line of /proc/stat. */
export function machineBusySeconds(): number | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  const fields = /^cpu\s+(.*)$/m.exec(stat)?.[1]?.trim().split(/\s+/).map(Number);
  if (!fields || fields.length < 8) return undefined;
  // user nice system idle iowait irq softirq steal: everything but idle and iowait is busy.
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / ticksPerSecond();
}

/**
 * Measures CPU used by processes other than the server and this benchmark while `run` goes:
 * other test runs on a shared machine make every number here noisy, so the report shows it.
 */
export async function withOtherLoad<T>(serverPid: number, run: () => Promise<T>): Promise<{ value: T; otherCores: number | undefined; serverCpuSeconds: number | undefined }> {
  const machineBefore = machineBusySeconds();
  const serverBefore = cpuSeconds(serverPid);
  const selfBefore = process.cpuUsage();
  const startedAt = performance.now();
  const value = await run();
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const machineAfter = machineBusySeconds();
  const serverAfter = cpuSeconds(serverPid);
  const self = process.cpuUsage(selfBefore);
  const serverCpuSeconds = serverBefore !== undefined && serverAfter !== undefined ? serverAfter - serverBefore : undefined;
  if (machineBefore === undefined || machineAfter === undefined || serverCpuSeconds === undefined || elapsedSeconds <= 0) {
    return { value, otherCores: undefined, serverCpuSeconds };
  }
  const selfSeconds = (self.user + self.system) / 1e6;
  const other = machineAfter - machineBefore - serverCpuSeconds - selfSeconds;
  return { value, otherCores: Math.max(0, other) / elapsedSeconds, serverCpuSeconds };
}
