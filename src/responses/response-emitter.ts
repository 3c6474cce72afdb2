import { foldResponseEvent } from './fold-response-event.ts';
import type { ResponseObject } from './wire/response-object.ts';
import type { ResponseEvent, ResponseEventBody } from './wire/stream-events.ts';

/**
 * Takes each event. It may return a promise while its client is behind (a slow SSE reader):
 * the emitter hands that to producers that can wait, through {@link ResponseEmitter.drained}.
 */
export type ResponseEventSink = (event: ResponseEvent) => void | Promise<void>;

/**
 * The single way a response changes: every change is an event, numbered, folded into the
 * snapshot, then handed to the sink (the SSE writer, or nothing for a JSON answer). Without a
 * sink, the emitter owns the response of each lifecycle event (`response.created`, `.in_progress`,
 * the terminal one…) from then on: later events change it in place, as they change the copy a
 * sink's emitter folds.
 */
export class ResponseEmitter {
  private sequenceNumber = 0;
  private current: ResponseObject | undefined;
  private backlog: Promise<void> | undefined;

  constructor(private readonly sink: ResponseEventSink | undefined) {}

  emit(body: ResponseEventBody): void {
    this.send(body, this.fold(body));
  }

  /**
   * Folds the event into the snapshot now and returns what sends it to the sink: the caller
   * stores the snapshot in between, so a client never sees a terminal event before it is durable.
   */
  foldThenSend(body: ResponseEventBody): () => void {
    const sequenceNumber = this.fold(body);
    return () => this.send(body, sequenceNumber);
  }

  private fold(body: ResponseEventBody): number {
    // Without a sink no event leaves the emitter, so a lifecycle event's response (built fresh for
    // each emit) is taken as the snapshot itself instead of copied: a JSON answer's response is
    // not copied whole three times (created, in progress, its end) on its way to the client.
    this.current = this.sink === undefined && 'response' in body ? body.response : foldResponseEvent(this.current, body);
    return this.sequenceNumber++;
  }

  private send(body: ResponseEventBody, sequenceNumber: number): void {
    // A JSON answer has no sink: its events are folded, never sent, so no numbered copy is made.
    this.backlog = this.sink?.({ ...body, sequence_number: sequenceNumber }) ?? undefined;
  }

  /**
   * Resolves once the client has taken what was emitted (at once when nothing is held up), so a
   * producer that can pause (an upstream image stream) does, instead of piling events up.
   */
  drained(): Promise<void> {
    return this.backlog ?? Promise.resolve();
  }

  /** The response as folded so far. */
  get snapshot(): ResponseObject {
    if (!this.current) throw new Error('no response.created emitted yet');
    return this.current;
  }
}
