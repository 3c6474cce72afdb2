import { createRequire } from 'node:module';

type O200kEncoding = typeof import('gpt-tokenizer/encoding/o200k_base');

let loaded: O200kEncoding | undefined;

/**
 * gpt-tokenizer's o200k tables, loaded by the first count (~58 MB resident), not at server
 * start: a server relaying a hosted model's text never counts tokens itself. Synchronous (the
 * package's CommonJS build) so counting stays a plain function call.
 */
export function o200kEncoding(): O200kEncoding {
  loaded ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as O200kEncoding;
  return loaded;
}
