import { randomBytes } from 'node:crypto';

/** Object kinds we mint ids for, with OpenAI's prefixes (`resp_…`, `msg_…`, `ig_…`, `fc_…`). */
export type IdPrefix = 'resp' | 'msg' | 'ig' | 'fc' | 'fco' | 'call';

export type IdGenerator = (prefix: IdPrefix) => string;

/** Random ids shaped like OpenAI's: prefix + 48 hex characters. */
export const randomIdGenerator: IdGenerator = (prefix) => `${prefix}_${randomBytes(24).toString('hex')}`;

/** Deterministic ids for tests: `resp_0001`, `msg_0002`, … */
export function sequentialIdGenerator(): IdGenerator {
  let counter = 0;
  return (prefix) => `${prefix}_${String(++counter).padStart(4, '0')}`;
}
