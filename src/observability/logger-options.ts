import type { LoggerOptions } from 'pino';
import { requestLogFields } from './request-context.ts';

/**
 * Where a secret could ride into a log line: bearer headers and key secrets, at any depth pino
 * redacts (top level and one object down). Censored, not removed, so a reader sees it was there.
 */
const SECRET_PATHS = ['authorization', 'secret', 'apiKey', 'api_key', '*.authorization', '*.secret', '*.apiKey', '*.api_key', 'headers.authorization', '*.headers.authorization'];

/** The server's pino options: JSON lines, the request id on every line, secrets censored. */
export function loggerOptions(level: string): LoggerOptions {
  return { level, name: 'imagegate', mixin: requestLogFields, redact: { paths: SECRET_PATHS, censor: '[redacted]' } };
}
