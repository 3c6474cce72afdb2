import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../app-env.ts';

/** Headers a browser app may read from our answers (the SDKs' request id, limits, cost). */
const EXPOSED_HEADERS = [
  'x-request-id',
  'retry-after',
  'x-should-retry',
  'x-imagegate-cost-usd',
  ...['requests', 'images'].flatMap((kind) => [`x-ratelimit-limit-${kind}`, `x-ratelimit-remaining-${kind}`, `x-ratelimit-reset-${kind}`]),
];

/**
 * CORS for `cors.allowedOrigins` (`*` allows any): preflights answered, answers readable by
 * those origins. With none configured (the default) nothing changes: no browser on another
 * origin may call the server.
 */
export function corsFor(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  if (allowedOrigins.length === 0) return async (_context, next) => next();
  const any = allowedOrigins.includes('*');
  return cors({
    origin: (origin) => (any ? '*' : allowedOrigins.includes(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    exposeHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
}
