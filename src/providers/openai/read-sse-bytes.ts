/** One server-sent event with its joined `data:` lines kept as bytes. */
export interface SseBytesMessage {
  event: string | undefined;
  data: Buffer;
}

const LINE_FEED = 0x0a;
const CARRIAGE_RETURN = 0x0d;
const NEWLINE = Buffer.from('\n');

/**
 * Server-sent events read without decoding them as text: an Images API event is one `data:` line
 * of megabytes of base64, which readSse would decode as UTF-8 and join again; here each line is
 * found with a byte search and copied once. Lines end in LF or CRLF (what OpenAI-compatible
 * servers send); comments are skipped; a trailing event without its blank line is dropped.
 */
export async function* readSseBytes(body: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): AsyncGenerator<SseBytesMessage> {
  const chunks: AsyncIterable<Uint8Array> = body instanceof ReadableStream ? (body.values() as AsyncIterable<Uint8Array>) : body;
  /** Pieces of the line not yet ended. */
  let pieces: Buffer[] = [];
  let event: string | undefined;
  let data: Buffer[] = [];
  for await (const chunk of chunks) {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let end = bytes.indexOf(LINE_FEED); end >= 0; end = bytes.indexOf(LINE_FEED, start)) {
      pieces.push(bytes.subarray(start, end));
      start = end + 1;
      let line = pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
      pieces = [];
      if (line[line.length - 1] === CARRIAGE_RETURN) line = line.subarray(0, -1);
      if (line.length === 0) {
        if (data.length > 0) yield { event, data: data.length === 1 ? (data[0] as Buffer) : Buffer.concat(joinLines(data)) };
        event = undefined;
        data = [];
        continue;
      }
      const colon = line.indexOf(0x3a);
      if (colon === 0) continue;
      const field = (colon < 0 ? line : line.subarray(0, colon)).toString('latin1');
      let value = colon < 0 ? line.subarray(line.length) : line.subarray(colon + 1);
      if (value[0] === 0x20) value = value.subarray(1);
      if (field === 'event') event = value.toString('utf8');
      else if (field === 'data') data.push(value);
    }
    if (start < bytes.length) pieces.push(bytes.subarray(start));
  }
}

function joinLines(lines: Buffer[]): Buffer[] {
  return lines.flatMap((line, index) => (index === 0 ? [line] : [NEWLINE, line]));
}
