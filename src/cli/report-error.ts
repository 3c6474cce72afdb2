import { CommanderError } from 'commander';
import { APIConnectionError, APIError } from 'openai';
import { ConfigError } from '../config/load-config.ts';
import { CliApiError } from './api-client.ts';
import { CliUsageError } from './cli-usage-error.ts';

/** Exit codes: 0 ok, 1 the API or the run failed, 2 the command or the config is wrong. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export function exitCodeFor(error: unknown): number {
  // Commander has already printed its message; `--help` and `--version` end with code 0.
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
  if (error instanceof CliUsageError || error instanceof ConfigError) return EXIT_USAGE;
  return EXIT_FAILURE;
}

/** One line for a person: the server's own message for API errors, where it failed to connect. */
export function describeError(error: unknown): string {
  if (error instanceof APIConnectionError) {
    return `cannot reach imagegate: ${deepestCause(error)}`;
  }
  if (error instanceof APIError) {
    const body = error.error as { message?: string; param?: string | null; code?: string | null } | undefined;
    const message = body?.message ?? error.message;
    const where = body?.param ? ` (param: ${body.param})` : '';
    return `${error.status ?? 'error'}: ${message}${where}`;
  }
  if (error instanceof CliApiError || error instanceof CliUsageError || error instanceof ConfigError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** fetch hides the reason two levels down: `Connection error.` ← `fetch failed` ← `ECONNREFUSED`. */
function deepestCause(error: Error): string {
  let detail = error.message;
  let cause: unknown = error.cause;
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    detail = (cause as NodeJS.ErrnoException).code ?? cause.message;
    cause = cause.cause;
  }
  return detail;
}
