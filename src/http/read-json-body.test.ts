import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { readJsonBody } from './read-json-body.ts';

const json = JSON.stringify({ model: 'gpt-4.1', input: 'café ☕' });
const bytes = Buffer.from(json);

/** A Node request whose body is still to come, and a Hono context over it that counts streamed reads. */
function request() {
  const incoming = Object.assign(new Readable({ read: () => undefined }), { headers: { 'content-length': String(bytes.length) } });
  let streamedReads = 0;
  const context = {
    env: { incoming: incoming as unknown as IncomingMessage },
    req: {
      text: () => {
        streamedReads++;
        return new Promise<string>((resolve) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        });
      },
    },
  } as unknown as Context;
  return { incoming, context, streamedReads: () => streamedReads };
}

describe('readJsonBody', () => {
  it('takes a body pushed right after its headers (same network read) from the buffer, without a streamed read', async () => {
    const { incoming, context, streamedReads } = request();
    const reading = readJsonBody(context);
    // Node's parser pushes the body once the headers callback (where the route started) returned.
    incoming.push(bytes);
    incoming.push(null);
    await expect(reading).resolves.toEqual(JSON.parse(json));
    expect(streamedReads()).toBe(0);
  });

  it('reads a body that comes later the usual way', async () => {
    const { incoming, context, streamedReads } = request();
    const reading = readJsonBody(context);
    setTimeout(() => {
      incoming.push(bytes.subarray(0, 5));
      incoming.push(bytes.subarray(5));
      incoming.push(null);
    }, 5);
    await expect(reading).resolves.toEqual(JSON.parse(json));
    expect(streamedReads()).toBe(1);
  });
});
