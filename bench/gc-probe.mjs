// Preloaded into the soak's server only (`node --expose-gc --import <this file> bin/imagegate.js`;
// imagegate's code is untouched): on SIGUSR2 it runs a full GC and writes process.memoryUsage()
// as JSON to $BENCH_GC_PROBE_FILE, so the soak compares memory after GC, not GC timing.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_GC_PROBE_FILE;
const gc = globalThis.gc;
let sequence = 0;
if (file && typeof gc === 'function') {
  process.on('SIGUSR2', () => {
    gc();
    gc();
    sequence += 1;
    writeFileSync(file, JSON.stringify({ sequence, ...process.memoryUsage() }));
  });
}
