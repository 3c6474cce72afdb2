import { randomFillSync } from 'node:crypto';

/** Object kinds we mint ids for, with OpenAI's prefixes (`resp_…`, `msg_…`, `ig_…`, `fc_…`, `conv_…`, `cmp_…`). */
export type IdPrefix = 'resp' | 'msg' | 'ig' | 'fc' | 'fco' | 'call' | 'conv' | 'cmp';

export type IdGenerator = (prefix: IdPrefix) => string;

const ID_BYTES = 24;
const POOL_IDS = 256;
const pool = Buffer.alloc(ID_BYTES * POOL_IDS);
let poolOffset = pool.length;

/**
 * Random ids shaped like OpenAI's: prefix + 48 hex characters. Bytes come from a pooled
 * crypto-random buffer refilled every 256 ids (one syscall instead of one per id).
 */
export const randomIdGenerator: IdGenerator = (prefix) => {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return `${prefix}_${hex}`;
};

/** Deterministic ids for tests: `resp_0001`, `msg_0002`, … */
export function sequentialIdGenerator(): IdGenerator {
  let counter = 0;
  return (prefix) => `${prefix}_${String(++counter).padStart(4, '0')}`;
}
