import type { Logger } from 'pino';
import type { LoggedEvent, ResponseEventLog } from '../../storage/response-event-log.ts';
import { isTerminalEventType } from './response-lifecycle.ts';

export interface EventLogWriter {
  /** Takes events as the run emits them (synchronously); they reach the log in order. */
  sink(event: Record<string, unknown>): void;
  /** Resolves once every event taken so far (but a held terminal event) is in the log, or failed to get there (logged). */
  drained(): Promise<void>;
  /** Lets the terminal event through: call once the final state is stored. */
  release(): void;
}

/**
 * Appends a background response's events to the log without holding up the run: events that
 * arrive while an append is in flight go together in the next one. `onAppended` wakes this
 * instance's followers and records progress after each append.
 */
export function createEventLogWriter(
  responseId: string,
  log: ResponseEventLog,
  onAppended: (batch: readonly LoggedEvent[]) => Promise<void>,
  logger: Logger,
): EventLogWriter {
  let pending: LoggedEvent[] = [];
  /** The terminal event and anything after it, held until `release()`. */
  let held: LoggedEvent[] | undefined;
  let flushing: Promise<void> | undefined;
  const flush = async (): Promise<void> => {
    // Lets the rest of this tick's events join the first append.
    await Promise.resolve();
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await log.append(responseId, batch);
      } catch (error) {
        // The stored response still ends right; only resuming its stream misses these events.
        logger.error({ err: error, responseId }, 'logging background response events failed');
      }
      try {
        await onAppended(batch);
      } catch (error) {
        logger.error({ err: error, responseId }, 'recording background response progress failed');
      }
    }
    flushing = undefined;
  };
  return {
    sink(event) {
      if (!isLoggable(event)) return;
      // A follower that sees the end must find the stored copy ended too: the end waits for it.
      if (held === undefined && isTerminalEventType(event.type)) held = [];
      if (held !== undefined) return void held.push(event);
      pending.push(event);
      flushing ??= flush();
    },
    release() {
      if (held === undefined || held.length === 0) return;
      pending.push(...held);
      held = [];
      flushing ??= flush();
    },
    async drained() {
      while (flushing !== undefined) await flushing;
    },
  };
}

/** Every event a run emits is numbered and typed; anything else has no place in the log. */
function isLoggable(event: Record<string, unknown>): event is LoggedEvent {
  return typeof event['type'] === 'string' && typeof event['sequence_number'] === 'number';
}
