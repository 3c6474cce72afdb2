import type { LogEvent } from 'kysely';

/** A statement as the database received it. */
export interface ExecutedQuery {
  sql: string;
  parameters: readonly unknown[];
}

/** Kysely's `log` for an `onQuery` option: it sees what each connection runs, BEGIN and COMMIT included. */
export function queryLog(onQuery: ((query: ExecutedQuery) => void) | undefined): { log?: (event: LogEvent) => void } {
  if (onQuery === undefined) return {};
  return { log: (event) => onQuery({ sql: event.query.sql, parameters: event.query.parameters }) };
}
