import type { Context } from 'hono';
import type { AppEnv } from './app-env.ts';

/**
 * JSON answers built with their headers as a plain record, `x-request-id` included. Under
 * @hono/node-server a response made from a record keeps it as is and writes it straight into
 * the Node response; one that someone reads `headers` from is turned into a WHATWG `Headers`
 * first (then copied back into a record when written): three Headers per answer (~15 µs on
 * the per-request path). The middlewares that would read or set headers ask here instead.
 */
const JSON_ANSWER = Symbol('imagegate.jsonAnswer');

/** A Response marked as made here (a symbol-keyed field: cheaper than a WeakSet entry per answer). */
type MarkedResponse = Response & { [JSON_ANSWER]?: true };

/**
 * `body` (JSON text or its bytes) as a 200 answer with `content-type: application/json`, the
 * request id and `headers`. Names are lowercase and in the order `Headers` would list them
 * (sorted), then `Content-Length` as @hono/node-server adds it: the head on the wire is the one
 * `context.json` gave.
 */
export function jsonAnswer(context: Context<AppEnv>, body: string | Uint8Array<ArrayBuffer>, headers: Readonly<Record<string, string>> = {}): Response {
  const sorted = answerHead(headers, context.get('requestId'));
  sorted['Content-Length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
  const answer: MarkedResponse = new Response(body, { status: 200, headers: sorted });
  answer[JSON_ANSWER] = true;
  return answer;
}

/** Whether `response` is a JSON answer from `jsonAnswer`: it carries its request id already. */
export function isJsonAnswer(response: Response): boolean {
  return (response as MarkedResponse)[JSON_ANSWER] === true;
}

/**
 * `content-type`, `headers` and `x-request-id` (these two win over `headers`' own), sorted by
 * name. The usual `headers` (none, or a few sorted names between the two) are already in place,
 * so nothing is sorted for them.
 */
export function answerHead(headers: Readonly<Record<string, string>>, requestId: string): Record<string, string> {
  const names = Object.keys(headers);
  let previous = 'content-type';
  for (const name of names) {
    if (name <= previous) return sortedRecord({ 'content-type': 'application/json', ...headers, 'x-request-id': requestId });
    previous = name;
  }
  if (previous >= 'x-request-id') return sortedRecord({ 'content-type': 'application/json', ...headers, 'x-request-id': requestId });
  const sorted: Record<string, string> = { 'content-type': 'application/json' };
  for (const name of names) sorted[name] = headers[name] as string;
  sorted['x-request-id'] = requestId;
  return sorted;
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const name of Object.keys(record).sort()) sorted[name] = record[name] as string;
  return sorted;
}
