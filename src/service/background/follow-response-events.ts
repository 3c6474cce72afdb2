import type { LoggedEvent } from '../../storage/response-event-log.ts';
import type { Services } from '../services.ts';
import { isActiveStatus, isTerminalEventType, terminalEventType } from './response-lifecycle.ts';

/** Polls with nothing new, once the stored copy has ended, before the stored copy ends the stream instead. */
const idlePollsBeforeStoredEnd = 2;

/**
 * A background response's events numbered above `afterSequence`: the logged ones, then the live
 * ones as they are logged (this instance's runs wake it at once; another instance's are found
 * by polling), up to the terminal event. Works the same during the run, after it, and on an
 * instance that never ran it. Ends early when `abortSignal` aborts (the client went away),
 * which stops only the following, never the run.
 */
export async function* followResponseEvents(
  services: Services,
  response: { id: string; ownerId: string | null },
  afterSequence: number,
  abortSignal: AbortSignal,
): AsyncGenerator<LoggedEvent> {
  let after = afterSequence;
  let idlePolls = 0;
  while (!abortSignal.aborted) {
    const next = services.backgroundRuns.nextChange(response.id, abortSignal);
    try {
      const events = await services.responseEvents.listAfter(response.id, after);
      for (const event of events) {
        yield event;
        after = event.sequence_number;
        if (isTerminalEventType(event.type)) return;
      }
      if (events.length === 0 && !services.backgroundRuns.isRunning(response.id)) {
        const record = await services.store.get(response.id, response.ownerId);
        if (record === undefined) return;
        // The run is over but its last events never reached the log (its instance died before
        // reconciling, or an append failed): end with the stored copy rather than wait forever.
        if (!isActiveStatus(record.response.status) && ++idlePolls >= idlePollsBeforeStoredEnd) {
          yield { type: terminalEventType(record.response.status), sequence_number: after + 1, response: record.response };
          return;
        }
      }
      await next.changed;
    } finally {
      next.cancel();
    }
  }
}
