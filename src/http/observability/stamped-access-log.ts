import { type Logger, stdTimeFunctions, symbols } from 'pino';

/** Writes an access-log line `fields` (message `request completed`) stamped `at` (epoch ms). */
export type StampedAccessLog = (at: number, fields: object) => void;

/**
 * An access log whose lines may be written a few milliseconds after their answers ended (see
 * src/idle) and still say when each ended: the line's `time` is the one given, not the clock at
 * writing (for the server's epoch-ms stamps; other stamp formats write the clock as before). It
 * skips the `mixin`: its lines name their request and trace themselves, and once deferred they
 * are written inside whichever request drains them.
 */
export function stampedAccessLog(accessLog: Logger): StampedAccessLog {
  const logger = accessLog.child({});
  const target = logger as unknown as Record<symbol, unknown>;
  let stamp = 0;
  if (target[symbols.timeSym] === stdTimeFunctions.epochTime) target[symbols.timeSym] = () => `,"time":${stamp}`;
  target[symbols.mixinSym] = undefined;
  return (at, fields) => {
    stamp = at;
    logger.info(fields, 'request completed');
  };
}
