import { randomFillSync } from 'node:crypto';

/** Object kinds we mint ids for, with OpenAI's prefixes (`resp_…`, `msg_…`, `ig_…`, `fc_…`, `conv_…`, `cmp_…`). */
export type IdPrefix = 'resp' | 'msg' | 'ig' | 'fc' | 'fco' | 'call' | 'conv' | 'cmp';

export type IdGenerator = (prefix: IdPrefix) => string;

const ID_BYTES = 24;
const POOL_BYTES = ID_BYTES * 256;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = pool.length;

/**
 * `byteCount` crypto-random bytes as hex, taken from a pooled buffer refilled every 6 KiB (one
 * call into OpenSSL per few hundred ids instead of one per id). Each byte is handed out once.
 */
export function randomHex(byteCount: number): string {
  if (byteCount > POOL_BYTES) throw new RangeError(`at most ${POOL_BYTES} random bytes at once`);
  if (poolOffset + byteCount > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + byteCount);
  poolOffset += byteCount;
  return hex;
}

/** Random ids shaped like OpenAI's: prefix + 48 hex characters. */
export const randomIdGenerator: IdGenerator = (prefix) => `${prefix}_${randomHex(ID_BYTES)}`;

/** Deterministic ids for tests: `resp_0001`, `msg_0002`, … */
export function sequentialIdGenerator(): IdGenerator {
  let counter = 0;
  return (prefix) => `${prefix}_${String(++counter).padStart(4, '0')}`;
}
