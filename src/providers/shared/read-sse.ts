import { SseDecoder, type SseMessage } from './sse-decoder.ts';

export type { SseMessage } from './sse-decoder.ts';

/**
 * A server-sent-events body as its events, one at a time (see {@link SseDecoder}). Ends when the
 * body ends; a trailing event without its blank line is dropped (it was cut off). The text
 * models' hot path reads with SseDecoder directly (streamSseParts); this is for the readers that
 * take their events one by one.
 */
export async function* readSse(body: AsyncIterable<Uint8Array>): AsyncGenerator<SseMessage> {
  const decoder = new SseDecoder();
  // A consumer that stops early ends the body's iteration: an UpstreamBody stays open for its
  // reader to cancel or drain (streamSseAnswer keeps a finished stream's connection that way).
  for await (const chunk of body) {
    for (const message of decoder.push(chunk)) yield message;
  }
}
