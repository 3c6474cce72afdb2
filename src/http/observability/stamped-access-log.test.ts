import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loggerOptions } from '../../observability/logger-options.ts';
import { accessLogger } from './request-observer.ts';
import { stampedAccessLog } from './stamped-access-log.ts';

function capture(): { stream: Writable; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

describe('an access-log line written after its answer', () => {
  it('is stamped when the answer ended, with the fields as given and nothing from the request that writes it', async () => {
    const { stream, lines } = capture();
    const logger = pino(loggerOptions('info'), stream);
    const write = stampedAccessLog(accessLogger(logger));
    write(1_700_000_000_123, { requestId: 'req_a', status: 200 });
    write(1_700_000_000_456, { requestId: 'req_b', status: 404 });
    logger.info('another line');
    await new Promise((resolve) => setImmediate(resolve));
    const [first, second, other] = lines();
    expect(first).toEqual({ level: 30, time: 1_700_000_000_123, pid: process.pid, hostname: expect.any(String), name: 'imagegate', requestId: 'req_a', status: 200, msg: 'request completed' });
    expect(Object.keys(first!)).toEqual(['level', 'time', 'pid', 'hostname', 'name', 'requestId', 'status', 'msg']);
    expect(second).toMatchObject({ time: 1_700_000_000_456, requestId: 'req_b', status: 404 });
    // Other lines keep the clock.
    expect(other!['time']).toBeGreaterThan(1_700_000_000_456);
  });
});
