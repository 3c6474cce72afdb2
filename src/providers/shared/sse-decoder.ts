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
  readonly #text = new TextDecoder();
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
    const text = this.#text.decode(chunk, { stream: true });
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

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const SPACE = 0x20;
