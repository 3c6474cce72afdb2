import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * JSON answers built with their headers as a plain record, `x-request-id` included. Under
 * @hono/node-server a response made from a record keeps it as is and writes it straight into
 * the Node response; one that someone reads `headers` from is turned into a WHATWG `Headers`
 * first (then copied back into a record when written): three Headers per answer (~15 µs on
 * the per-request path). The middlewares that would read or set headers ask here instead.
 */
const answers = new WeakSet<Response>();

/**
 * `body` (JSON text or its bytes) as a 200 answer with `content-type: application/json`, the
 * request id and `headers`. Names are lowercase and in the order `Headers` would list them
 * (sorted), then `Content-Length` as @hono/node-server adds it: the head on the wire is the one
 * `context.json` gave.
 */
export function jsonAnswer(context: Context<AppEnv>, body: string | Uint8Array<ArrayBuffer>, headers: Readonly<Record<string, string>> = {}): Response {
  const record: Record<string, string> = { 'content-type': 'application/json', ...headers, 'x-request-id': context.get('requestId') };
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(record).sort()) sorted[name] = record[name] as string;
  sorted['Content-Length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  const answer = new Response(body, { status: 200, headers: sorted });
  answers.add(answer);
  return answer;
}

/** Whether `response` is a JSON answer from `jsonAnswer`: it carries its request id already. */
export function isJsonAnswer(response: Response): boolean {
  return answers.has(response);
}
