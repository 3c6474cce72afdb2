// Server memory from /proc/<pid>/status (Linux only): VmRSS sampled on a timer, VmHWM at the end.
import { readFileSync, writeFileSync } from 'node:fs';

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
