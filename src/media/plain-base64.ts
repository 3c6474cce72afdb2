/**
 * Whether a string holds only base64 characters (`A-Z a-z 0-9 + / =`, and base64url's `- _`): such
 * a string is its own JSON string body (no character needs escaping) and is its own UTF-8, so it
 * can be written between quotes as single bytes. Relayed images are megabytes of base64 checked
 * this way once per answer, so the check is made by Node's native base64 decoder (about ten times
 * faster than a regular expression over the text) and the expression is kept for what it cannot prove.
 */

const NOT_PLAIN = /[^A-Za-z0-9+/=_-]/;
/** Matches only characters past Latin-1: irregexp answers at once for a one-byte string, which has none. */
const PAST_LATIN1 = /[^\x00-\xff]/;

export interface PlainBase64Limits {
  /** Decoded bytes kept for the check at most; longer texts are decoded a slice at a time. */
  readonly maxScratchBytes: number;
  /** Characters per slice then (a multiple of 4, so every slice but the last is whole groups). */
  readonly sliceChars: number;
}

const LIMITS: PlainBase64Limits = { maxScratchBytes: 16 * 1024 * 1024, sliceChars: 4 * 1024 * 1024 };
/** Shorter strings are checked by the expression: a native call would not pay off. */
const NATIVE_MIN_LENGTH = 1024;
const EQUALS = 0x3d;

/** Where the check decodes to (its bytes are never read); grown to the largest text checked. */
let scratch: Buffer | undefined;

/** `limits` are for tests, which make slices happen on short texts. */
export function isPlainBase64(text: string, limits = LIMITS): boolean {
  if (text.length >= NATIVE_MIN_LENGTH && decodesWhole(text, limits)) return true;
  return !NOT_PLAIN.test(text);
}

/**
 * True only if every character is in the base64 (or base64url) alphabet, but for `=` at the end.
 * Node's decoder skips characters outside the alphabet and stops at a `=`, so it writes as many
 * bytes as a text of that length must decode to only when every character counted (the length
 * arithmetic below is Node's own, src/base64.h `base64_decoded_size`). It reads each UTF-16 unit
 * by its low byte, so text with characters past Latin-1 is never given to it. False means "not
 * proven", not "not plain".
 */
function decodesWhole(text: string, { maxScratchBytes, sliceChars }: PlainBase64Limits): boolean {
  if (PAST_LATIN1.test(text)) return false;
  let length = text.length;
  if (text.charCodeAt(length - 1) === EQUALS) length -= text.charCodeAt(length - 2) === EQUALS ? 2 : 1;
  // No base64 text leaves one character over a group of four; Node and this arithmetic would differ there.
  if (length % 4 === 1) return false;
  const whole = decodedLength(length);
  // Whole when it fits: a large string (an external one, as Buffer#toString makes them) is then
  // decoded where it lies, not first copied to a temporary buffer as a slice of it would be.
  if (whole <= maxScratchBytes) return decodeInto(text, whole) === whole;
  for (let from = 0; from < text.length; from += sliceChars) {
    const to = Math.min(from + sliceChars, text.length);
    // Inner slices are whole groups with no `=`; the last one keeps the text's own padding.
    const expected = to === text.length ? decodedLength(length - from) : (sliceChars / 4) * 3;
    if (decodeInto(text.slice(from, to), expected) !== expected) return false;
  }
  return true;
}

/** Decodes into the scratch buffer (at least `expected` bytes of room), answering how many bytes came out. */
function decodeInto(text: string, expected: number): number {
  if (scratch === undefined || scratch.length < expected) scratch = Buffer.allocUnsafeSlow(2 ** Math.ceil(Math.log2(Math.max(expected, 1024))));
  return scratch.write(text, 'base64');
}

/** Bytes that `length` base64 characters (padding excluded) decode to; 2 and 3 left over make 1 and 2. */
function decodedLength(length: number): number {
  return Math.floor(length / 4) * 3 + (length % 4 === 0 ? 0 : (length % 4) - 1);
}
