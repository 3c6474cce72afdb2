/**
 * Replaying recordings other projects published (vercel/ai `*.chunks.txt`, googleapis/js-genai
 * replay files) as the provider's real SSE framing, split at odd byte boundaries.
 * Imported by `*.test.ts` only.
 */
import { readFileSync } from 'node:fs';

/** A recording file's text. */
export function readRecording(url: URL): string {
  return readFileSync(url, 'utf8');
}

/** The JSON events of a `*.chunks.txt` file: one JSON value per non-empty line, kept verbatim. */
export function chunkLines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim() !== '');
}

export interface SseFraming {
  /** `\n` (OpenAI, Anthropic) or `\r\n` (Google's `alt=sse`). */
  readonly lineEnd: '\n' | '\r\n';
  /** Adds an `event:` line named for the event (Anthropic names each event for its `type`). */
  readonly eventField?: boolean;
  /** Appended after the last event, e.g. Chat Completions' `data: [DONE]`. */
  readonly trailer?: string;
}

/** Frames each JSON event as the provider sends it: `[event: <type>]` + `data: <json>` + a blank line. */
export function frameAsSse(events: readonly string[], framing: SseFraming): string {
  const { lineEnd } = framing;
  const framed = events.map((data) => {
    const name = framing.eventField ? eventType(data) : undefined;
    return `${name === undefined ? '' : `event: ${name}${lineEnd}`}data: ${data}${lineEnd}${lineEnd}`;
  });
  const trailer = framing.trailer === undefined ? '' : `data: ${framing.trailer}${lineEnd}${lineEnd}`;
  return framed.join('') + trailer;
}

function eventType(data: string): string | undefined {
  const parsed = JSON.parse(data) as unknown;
  return typeof parsed === 'object' && parsed !== null && 'type' in parsed && typeof parsed.type === 'string' ? parsed.type : undefined;
}

/**
 * The payload's UTF-8 bytes cut into chunks whose sizes cycle through `sizes`, so cuts fall
 * inside multi-byte characters, between `\r` and `\n`, and inside `data:` lines.
 */
export function splitBytes(payload: string, sizes: readonly number[]): Buffer[] {
  const bytes = Buffer.from(payload, 'utf8');
  const chunks: Buffer[] = [];
  for (let offset = 0, turn = 0; offset < bytes.length; turn += 1) {
    const size = sizes[turn % sizes.length] ?? 1;
    chunks.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return chunks;
}

/**
 * Cuts inside every multi-byte character (after its first byte), between every `\r` and `\n`,
 * and at least every `maxBytes`: the hard cases, for recordings too large to replay byte by byte.
 */
export function splitAtTrickyBytes(payload: string, maxBytes: number): Buffer[] {
  const bytes = Buffer.from(payload, 'utf8');
  const chunks: Buffer[] = [];
  let start = 0;
  for (let index = 0; index < bytes.length; index += 1) {
    const byte = bytes[index] ?? 0;
    const tricky = byte >= 0xc0 || (byte === 0x0d && bytes[index + 1] === 0x0a);
    if (tricky || index + 1 - start >= maxBytes) {
      chunks.push(bytes.subarray(start, index + 1));
      start = index + 1;
    }
  }
  if (start < bytes.length) chunks.push(bytes.subarray(start));
  return chunks;
}

/** One way to cut a replayed body into the chunks the server writes. */
export interface SplitPlan {
  readonly label: string;
  readonly split: (payload: string) => Buffer[];
}

const cycle = (sizes: readonly number[]): SplitPlan => ({ label: `${sizes.join('/')}-byte chunks`, split: (payload) => splitBytes(payload, sizes) });

const tricky = (maxBytes: number): SplitPlan => ({
  label: `cuts inside every multi-byte character and CRLF, at most ${maxBytes} bytes`,
  split: (payload) => splitAtTrickyBytes(payload, maxBytes),
});

/** The splits every small recording is replayed with. */
export const ODD_SPLITS: readonly SplitPlan[] = [cycle([1]), cycle([7]), cycle([13]), cycle([4093]), cycle([1, 7, 13, 4093]), tricky(13)];

/** For recordings of hundreds of kilobytes, where one byte per write would only slow the suite. */
export const ODD_SPLITS_LARGE: readonly SplitPlan[] = [cycle([4093]), cycle([1, 13, 4093, 7, 65521]), tricky(4093)];

/** Whether some chunk border falls inside a multi-byte UTF-8 character (a continuation byte starts a chunk). */
export function splitsInsideCharacter(chunks: readonly Buffer[]): boolean {
  return chunks.slice(1).some((chunk) => chunk.length > 0 && ((chunk[0] ?? 0) & 0xc0) === 0x80);
}

/** Whether some chunk ends with `\r` and the next starts with `\n`. */
export function splitsInsideCrlf(chunks: readonly Buffer[]): boolean {
  return chunks.some((chunk, index) => chunk[chunk.length - 1] === 0x0d && chunks[index + 1]?.[0] === 0x0a);
}

/** A recording that holds several responses back to back (one per step, as OpenAI Responses recordings are), cut at each `response.created`. */
export function responsesOf(events: string[]): string[][] {
  const responses: string[][] = [];
  for (const event of events) {
    if (event.includes('"type":"response.created"') || responses.length === 0) responses.push([]);
    responses.at(-1)?.push(event);
  }
  return responses;
}
