import type { MiddlewareHandler } from 'hono';
import { randomHex } from '../../ids/id-generator.ts';
import type { AppEnv } from '../app-env.ts';
import { isJsonAnswer } from '../json-answer.ts';

// What we echo back: short and free of anything a log line or header could be abused with.
const SANE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Every answer carries `x-request-id` (OpenAI's header: its SDKs expose it as `_request_id`
 * and put it in errors): the client's own when it sent a sane one, so its logs and ours meet,
 * else a fresh `req_…`. Set after the handler so streams, errors and 404s carry it too.
 */
export function requestId(): MiddlewareHandler<AppEnv> {
  return async (context, next) => {
    const incoming = context.req.header('x-request-id');
    const id = incoming !== undefined && SANE_REQUEST_ID.test(incoming) ? incoming : `req_${randomHex(16)}`;
    context.set('requestId', id);
    await next();
    // A JSON answer carries it already, in a record that reading `headers` would turn into Headers.
    if (isJsonAnswer(context.res)) return;
    try {
      context.res.headers.set('x-request-id', id);
    } catch {
      // A response with immutable headers (one passed through from fetch) is copied first.
      context.res = new Response(context.res.body, context.res);
      context.res.headers.set('x-request-id', id);
    }
  };
}
