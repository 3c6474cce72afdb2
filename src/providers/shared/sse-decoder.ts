/** One server-sent event: `event:` name (if any) and the joined `data:` lines. */
export interface SseMessage {
  event: string | undefined;
  data: string;
}

/**
 * Parses a server-sent-events body chunk by chunk, synchronously: events split across chunks
 * (a multi-byte character too), CRLF / CR / LF line ends, comments and multi-line data are
 * handled. What a chunk completes is returned at once; the rest waits for the next chunk, and a
 * trailing event without its blank line is never returned (it was cut off).
 *
 * Each byte is looked at once: a line that spans many chunks (a base64 image of a megabyte in
 * one `data:` line, as Gemini's inline images and OpenAI's partial images are) is gathered in
 * pieces and joined once, instead of searching the whole pending text again on every chunk.
 */
export class SseDecoder {
  /** The bytes of a character the last chunk ended inside of, for the next chunk to complete. */
  #carry: Buffer | undefined = undefined;
  /** Nothing decoded yet: a byte-order mark at the very start is dropped, as the SSE spec says. */
  #atStart = true;
  /** Pieces of the line not yet ended. */
  #pieces: string[] = [];
  /** The last chunk ended with `\r`: a `\n` starting the next one belongs to it. */
  #afterCarriageReturn = false;
  #event: string | undefined = undefined;
  /** The event's `data:` lines so far: one string for the usual single line, an array for more. */
  #data: string | string[] | undefined = undefined;

  /** The events `chunk` completes, in order (often none, often several). */
  push(chunk: Uint8Array): SseMessage[] {
    const messages: SseMessage[] = [];
    const text = this.#decode(chunk);
    if (text === '') return messages;
    let start = this.#afterCarriageReturn && text.charCodeAt(0) === LINE_FEED ? 1 : 0;
    this.#afterCarriageReturn = false;
    let nextLineFeed = text.indexOf('\n', start);
    let nextCarriageReturn = text.indexOf('\r', start);
    while (nextLineFeed >= 0 || nextCarriageReturn >= 0) {
      const end = nextCarriageReturn < 0 || (nextLineFeed >= 0 && nextLineFeed < nextCarriageReturn) ? nextLineFeed : nextCarriageReturn;
      let line = text.slice(start, end);
      if (this.#pieces.length > 0) {
        this.#pieces.push(line);
        line = this.#pieces.join('');
        this.#pieces = [];
      }
      this.#line(line, messages);
      if (text.charCodeAt(end) === CARRIAGE_RETURN) {
        if (end + 1 === text.length) this.#afterCarriageReturn = true;
        start = text.charCodeAt(end + 1) === LINE_FEED ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
      if (nextLineFeed >= 0 && nextLineFeed < start) nextLineFeed = text.indexOf('\n', start);
      if (nextCarriageReturn >= 0 && nextCarriageReturn < start) nextCarriageReturn = text.indexOf('\r', start);
    }
    if (start < text.length) this.#pieces.push(start === 0 ? text : text.slice(start));
    return messages;
  }

  /**
   * The chunk as text, a character split across chunks kept for the next one. Buffer's UTF-8
   * slice rather than a streaming TextDecoder: the decoder sets up its converter on every call,
   * which costs more than the decoding itself for the small chunks of a text stream.
   */
  #decode(chunk: Uint8Array): string {
    let bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.#carry !== undefined) {
      bytes = Buffer.concat([this.#carry, bytes]);
      this.#carry = undefined;
    }
    const end = completeUtf8Length(bytes);
    if (end < bytes.length) this.#carry = Buffer.from(bytes.subarray(end));
    let text = bytes.toString('utf8', 0, end);
    if (this.#atStart && text !== '') {
      this.#atStart = false;
      if (text.charCodeAt(0) === BYTE_ORDER_MARK) text = text.slice(1);
    }
    return text;
  }

  #line(line: string, messages: SseMessage[]): void {
    if (line === '') {
      const data = this.#data;
      if (data !== undefined) messages.push({ event: this.#event, data: typeof data === 'string' ? data : data.join('\n') });
      this.#event = undefined;
      this.#data = undefined;
      return;
    }
    const colon = line.indexOf(':');
    if (colon === 0) return; // a comment
    const field = colon < 0 ? line : line.slice(0, colon);
    // One space after the colon is the separator, not the value.
    const valueStart = colon < 0 ? line.length : line.charCodeAt(colon + 1) === SPACE ? colon + 2 : colon + 1;
    if (field === 'data') {
      const value = line.slice(valueStart);
      const data = this.#data;
      if (data === undefined) this.#data = value;
      else if (typeof data === 'string') this.#data = [data, value];
      else data.push(value);
    } else if (field === 'event') {
      this.#event = line.slice(valueStart);
    }
  }
}

/** How many of `bytes` end on a character boundary: a character cut at the end is left out. */
function completeUtf8Length(bytes: Buffer): number {
  const length = bytes.length;
  let start = length - 1;
  // Back over at most three continuation bytes (10xxxxxx) to the last character's first byte.
  while (start >= 0 && start > length - 4 && ((bytes[start] as number) & 0xc0) === 0x80) start--;
  if (start < 0) return length;
  const lead = bytes[start] as number;
  const size = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return start + size > length ? start : length;
}

const BYTE_ORDER_MARK = 0xfeff;
const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
