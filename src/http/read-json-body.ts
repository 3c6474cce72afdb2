import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { ApiError } from '../errors/api-error.ts';

/** As @hono/node-server decodes a body (UTF-8, a leading BOM dropped). */
const utf8 = new TextDecoder();

/** Reads a JSON body; malformed JSON is a 400 in OpenAI's words. */
export async function readJsonBody(context: Context): Promise<unknown> {
  const text = bufferedBody(context) ?? (await bufferedAfterThisRead(context)) ?? (await context.req.text());
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ApiError(
      400,
      'invalid_request_error',
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      null,
      null,
      { cause },
    );
  }
}

/**
 * The body, when it came in the same network read as its headers: Node's parser hands the
 * request over (and the route starts) at the end of the headers, and pushes the body that
 * follows them only once that callback returned, before any promise job runs. So one promise
 * job later the body of a request sent whole (as SDKs and load tools send a small one, on a
 * kept-alive connection almost always) is in the buffer. Undefined when it is still not there.
 */
async function bufferedAfterThisRead(context: Context): Promise<string | undefined> {
  const incoming = nodeIncoming(context);
  if (incoming === undefined || incoming.readableLength !== 0 || incoming.readableDidRead || incoming.headers['content-length'] === undefined) return undefined;
  await Promise.resolve();
  return bufferedBody(context);
}

function nodeIncoming(context: Context): IncomingMessage | undefined {
  return (context.env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/**
 * The body, when all of it is already in the request stream's buffer and nothing has read it
 * yet (a small request usually arrives with its headers): taken at once, without waiting for
 * Node's parser to mark the message complete (a later turn of the event loop) and without the
 * data/end events and promises of a streamed read. The stream is then left flowing, so it still
 * ends (and closes) as a read one does. Undefined otherwise (still arriving, chunked, already
 * read, e.g. counted by the chunked-upload limit, or not served by Node): read the usual way.
 */
function bufferedBody(context: Context): string | undefined {
  const incoming = nodeIncoming(context);
  if (incoming === undefined || incoming.readableDidRead || incoming.readableFlowing !== null) return undefined;
  const { headers } = incoming;
  const declared = headers['content-length'];
  if (declared === undefined || headers['transfer-encoding'] !== undefined || Number(declared) !== incoming.readableLength) return undefined;
  const buffered = incoming.read() as Buffer | string | null;
  incoming.resume();
  if (buffered === null) return '';
  return typeof buffered === 'string' ? buffered : utf8.decode(buffered);
}
