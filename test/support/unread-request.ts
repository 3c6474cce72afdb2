import { type IncomingMessage, request } from 'node:http';

/**
 * POSTs `body` to imagegate and leaves the answer unread: its socket fills and stays full until
 * the test calls `response.resume()`; `finished` then has the whole answer as text.
 */
export function postWithoutReading(url: string, body: string, encoding: BufferEncoding = 'utf8'): Promise<{ response: IncomingMessage; finished: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer test-key' } }, (incoming) => {
      incoming.pause();
      const chunks: Buffer[] = [];
      const finished = new Promise<string>((done, failed) => {
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => done(Buffer.concat(chunks).toString(encoding)));
        incoming.on('error', failed);
      });
      resolve({ response: incoming, finished });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
