/** One server-sent event: `event:` name (if any) and the joined `data:` lines. */
export interface SseMessage {
  event: string | undefined;
  data: string;
}

/**
 * Parses a server-sent-events body chunk by chunk: events split across chunks, CRLF line
 * ends, comments and multi-line data are handled. Ends when the body ends; a trailing event
 * without its blank line is dropped (it was cut off).
 *
 * Each byte is looked at once: a line that spans many chunks (a base64 image of a megabyte in
 * one `data:` line, as Gemini's inline images and OpenAI's partial images are) is gathered in
 * pieces and joined once, instead of searching the whole pending text again on every chunk.
 */
export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new TextDecoder();
  const lines = new SseLineReader();
  let event: string | undefined;
  let data: string[] = [];
  // A consumer that stops early ends the body's iteration: an UpstreamBody stays open for its
  // reader to cancel or drain (streamSseAnswer keeps a finished stream's connection that way).
  for await (const chunk of body) {
    for (const line of lines.push(decoder.decode(chunk, { stream: true }))) {
      if (line === '') {
        if (data.length > 0) yield { event, data: data.join('\n') };
        event = undefined;
        data = [];
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
  }
}

/** Splits decoded text into lines at `\r\n`, `\n` or `\r`, across chunk borders. */
class SseLineReader {
  /** Pieces of the line not yet ended. */
  private pieces: string[] = [];
  /** The last chunk ended with `\r`: a `\n` starting the next one belongs to it. */
  private afterCarriageReturn = false;

  push(text: string): string[] {
    if (text === '') return [];
    let start = this.afterCarriageReturn && text.startsWith('\n') ? 1 : 0;
    this.afterCarriageReturn = false;
    const lines: string[] = [];
    let nextLineFeed = text.indexOf('\n', start);
    let nextCarriageReturn = text.indexOf('\r', start);
    while (nextLineFeed >= 0 || nextCarriageReturn >= 0) {
      const end = nextCarriageReturn < 0 || (nextLineFeed >= 0 && nextLineFeed < nextCarriageReturn) ? nextLineFeed : nextCarriageReturn;
      this.pieces.push(text.slice(start, end));
      lines.push(this.pieces.join(''));
      this.pieces = [];
      if (text[end] === '\r') {
        if (end + 1 === text.length) this.afterCarriageReturn = true;
        start = text[end + 1] === '\n' ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
      if (nextLineFeed >= 0 && nextLineFeed < start) nextLineFeed = text.indexOf('\n', start);
      if (nextCarriageReturn >= 0 && nextCarriageReturn < start) nextCarriageReturn = text.indexOf('\r', start);
    }
    if (start < text.length) this.pieces.push(text.slice(start));
    return lines;
  }
}
