import { isAscii } from 'node:buffer';
import { randomUUID } from 'node:crypto';

/**
 * JSON.parse for Images API answers and events, whose `b64_json` strings are megabytes of base64:
 * each such value is cut out of the text by position and put back into the parsed object as a
 * slice of the text, so JSON.parse neither scans nor copies it. Values that are short or hold an
 * escape are left to JSON.parse, so the result is always what JSON.parse would give.
 */

/** Shorter strings are not worth lifting. */
const LIFT_MIN_LENGTH = 4096;
const KEY = 'b64_json';
const MARKER = `"${KEY}"`;
/** Stands in for lifted value `n` while the rest is parsed; no base64 value can look like it. */
const PLACEHOLDER = `#lifted-${randomUUID()}#`;

export function parseOpenAIImageJson(text: string): unknown {
  const lifted: string[] = [];
  const pieces: string[] = [];
  let from = 0;
  for (let at = text.indexOf(MARKER); at >= 0; at = text.indexOf(MARKER, at + MARKER.length)) {
    // A key: not the end of another string (`\"b64_json"`), then `:` and the value's opening quote.
    if (text[at - 1] === '\\') continue;
    let open = skipBlanks(text, at + MARKER.length);
    if (text[open] !== ':') continue;
    open = skipBlanks(text, open + 1);
    if (text[open] !== '"') continue;
    const close = text.indexOf('"', open + 1);
    if (close < 0) break;
    const escape = text.indexOf('\\', open + 1);
    if (close - open - 1 < LIFT_MIN_LENGTH || (escape >= 0 && escape < close)) continue;
    pieces.push(text.slice(from, open + 1), `${PLACEHOLDER}${lifted.length}`);
    lifted.push(text.slice(open + 1, close));
    from = close;
    at = close;
  }
  if (lifted.length === 0) return JSON.parse(text) as unknown;
  pieces.push(text.slice(from));
  const parsed = JSON.parse(pieces.join('')) as unknown;
  restore(parsed, lifted);
  return parsed;
}

const QUOTE = 0x22;
const COLON = 0x3a;
const BACKSLASH = 0x5c;

/**
 * The same for an answer still in bytes: the rest is decoded as UTF-8, each lifted value (ASCII,
 * else it is left to JSON.parse) as single bytes, so the megabytes are never decoded as UTF-8.
 */
export function parseOpenAIImageJsonBytes(bytes: Buffer): unknown {
  const lifted: string[] = [];
  const pieces: string[] = [];
  let from = 0;
  for (let at = bytes.indexOf(MARKER); at >= 0; at = bytes.indexOf(MARKER, at + MARKER.length)) {
    if (bytes[at - 1] === BACKSLASH) continue;
    let open = skipBlankBytes(bytes, at + MARKER.length);
    if (bytes[open] !== COLON) continue;
    open = skipBlankBytes(bytes, open + 1);
    if (bytes[open] !== QUOTE) continue;
    const close = bytes.indexOf(QUOTE, open + 1);
    if (close < 0) break;
    const escape = bytes.indexOf(BACKSLASH, open + 1);
    if (close - open - 1 < LIFT_MIN_LENGTH || (escape >= 0 && escape < close) || !isAscii(bytes.subarray(open + 1, close))) continue;
    pieces.push(bytes.toString('utf8', from, open + 1), `${PLACEHOLDER}${lifted.length}`);
    lifted.push(bytes.toString('latin1', open + 1, close));
    from = close;
    at = close;
  }
  if (lifted.length === 0) return JSON.parse(bytes.toString('utf8')) as unknown;
  pieces.push(bytes.toString('utf8', from));
  const parsed = JSON.parse(pieces.join('')) as unknown;
  restore(parsed, lifted);
  return parsed;
}

function skipBlankBytes(bytes: Buffer, index: number): number {
  let at = index;
  while (bytes[at] === 0x20 || bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x09) at += 1;
  return at;
}

function skipBlanks(text: string, index: number): number {
  let at = index;
  while (text[at] === ' ' || text[at] === '\n' || text[at] === '\r' || text[at] === '\t') at += 1;
  return at;
}

/** Puts each lifted value back where its placeholder is (`data[i].b64_json`, or the event's own). */
function restore(value: unknown, lifted: ReadonlyArray<string>): void {
  if (typeof value !== 'object' || value === null) return;
  if (Array.isArray(value)) {
    for (const element of value) restore(element, lifted);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [key, field] of Object.entries(record)) {
    if (key === KEY && typeof field === 'string' && field.startsWith(PLACEHOLDER)) {
      const original = lifted[Number(field.slice(PLACEHOLDER.length))];
      if (original !== undefined) record[key] = original;
    } else {
      restore(field, lifted);
    }
  }
}
