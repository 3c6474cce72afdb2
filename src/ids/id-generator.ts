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

/**
 * `randomByteCount` random bytes as hex after 12 hex digits of the current time in milliseconds:
 * ids minted close together sort close together. Stored rows are keyed by these ids, so a batch
 * of new rows lands on the last pages of each index instead of one random page per row (SQLite's
 * group commit wrote ≈5x fewer WAL bytes per batch with them; PostgreSQL's B-trees likewise).
 * OpenAI's own ids start with their creation time too (`resp_67ccd2be…` is 2025-03-08).
 */
export function timeOrderedHex(randomByteCount: number, now: number = Date.now()): string {
  // Number→hex conversion is slow in V8; ids minted in the same millisecond share it.
  if (now !== lastMillis) {
    lastMillis = now;
    lastMillisHex = now.toString(16).padStart(TIME_HEX_DIGITS, '0');
  }
  return lastMillisHex + randomHex(randomByteCount);
}

const TIME_HEX_DIGITS = 12;
let lastMillis = Number.NaN;
let lastMillisHex = '';

/** Ids shaped like OpenAI's: prefix + 48 hex characters (12 of time, 36 random: 144 random bits). */
export const randomIdGenerator: IdGenerator = (prefix) => `${prefix}_${timeOrderedHex(ID_BYTES - TIME_HEX_DIGITS / 2)}`;

/** Deterministic ids for tests: `resp_0001`, `msg_0002`, … */
export function sequentialIdGenerator(): IdGenerator {
  let counter = 0;
  return (prefix) => `${prefix}_${String(++counter).padStart(4, '0')}`;
}
