import type { MiddlewareHandler } from 'hono';
import { ServerOverloadedError } from '../../policy/image-job-gate.ts';

/**
 * Caps the request-body bytes being read and handled at once (`limits.maxBodyBytesInFlight`),
 * so many large uploads arriving together cannot exhaust memory: past the cap a request is
 * answered 503 `server_is_overloaded` with `Retry-After` before its body is read. A body is
 * counted at its declared length, a chunked one at `maxBodyBytes` (it may grow that large),
 * until its handler returns. Bodies without content (GET) are not counted.
 */
export function bytesInFlight(limits: { maxBodyBytesInFlight: number; maxBodyBytes: number }): MiddlewareHandler {
  let inFlight = 0;
  const done = (bytes: number) => () => {
    inFlight -= bytes;
  };
  // No async layer of its own: a request passes on, and its bytes are given back when it is done.
  return (context, next) => {
    const declared = context.req.header('content-length');
    const chunked = declared === undefined && context.req.header('transfer-encoding') !== undefined;
    const bytes = chunked ? limits.maxBodyBytes : Math.max(0, Number(declared ?? 0) || 0);
    if (bytes === 0) return next();
    // One request is always let in, however large, so a lone upload under maxBodyBytes never starves.
    if (inFlight > 0 && inFlight + bytes > limits.maxBodyBytesInFlight) {
      // The rest of the upload is not read, so this connection cannot carry another request.
      context.header('connection', 'close');
      return Promise.reject(new ServerOverloadedError(1));
    }
    inFlight += bytes;
    return next().finally(done(bytes));
  };
}
