import { foldResponseEvent } from './fold-response-event.ts';
import type { ResponseObject } from './wire/response-object.ts';
import type { ResponseEvent, ResponseEventBody } from './wire/stream-events.ts';

export type ResponseEventSink = (event: ResponseEvent) => void;

/**
 * The single way a response changes: every change is an event, numbered, folded into the
 * snapshot, then handed to the sink (the SSE writer, or nothing for a JSON answer).
 */
export class ResponseEmitter {
  private sequenceNumber = 0;
  private current: ResponseObject | undefined;

  constructor(private readonly sink: ResponseEventSink | undefined) {}

  emit(body: ResponseEventBody): void {
    this.current = foldResponseEvent(this.current, body);
    const sequenceNumber = this.sequenceNumber++;
    // A JSON answer has no sink: its events are folded, never sent, so no numbered copy is made.
    this.sink?.({ ...body, sequence_number: sequenceNumber });
  }

  /** The response as folded so far. */
  get snapshot(): ResponseObject {
    if (!this.current) throw new Error('no response.created emitted yet');
    return this.current;
  }
}
