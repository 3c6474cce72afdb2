/** One streamed event of a background response, as sent (`sequence_number` and `type` always set). */
export type LoggedEvent = { type: string; sequence_number: number } & Record<string, unknown>;

/**
 * The events of background responses, kept so a client can resume a stream
 * (`GET /v1/responses/{id}?stream=true&starting_after=N`) on any instance, during the run or
 * after it, and the cancel requests that any instance may record for the one running it.
 * Images inside events live in the blob store, never in the rows. Only background responses
 * are logged: an ordinary stream pays nothing for this.
 */
export interface ResponseEventLog {
  /** Appends events in order; `sequence_number`s are unique per response (a repeat throws). */
  append(responseId: string, events: readonly LoggedEvent[]): Promise<void>;
  /** The events numbered above `afterSequence`, in order, images put back. */
  listAfter(responseId: string, afterSequence: number): Promise<LoggedEvent[]>;
  /** The highest sequence number logged for the response; `undefined` when none. */
  lastSequenceNumber(responseId: string): Promise<number | undefined>;
  /** Records that the response should stop; the instance running it notices (see background-runs.ts). */
  requestCancel(responseId: string, requestedAtMillis: number): Promise<void>;
  cancelRequested(responseId: string): Promise<boolean>;
  /** Removes the response's events, their blobs and any cancel request (the response was deleted). */
  forget(responseId: string): Promise<void>;
}
