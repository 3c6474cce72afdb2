import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { logDestination } from './log-destination.ts';
import { loggerOptions } from './logger-options.ts';

describe('logDestination', () => {
  const directory = mkdtempSync(join(tmpdir(), 'imagegate-log-'));
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('has each line written by the time the log call returns (nothing queued to lose in a crash)', () => {
    const path = join(directory, 'server.log');
    const fd = openSync(path, 'w');
    try {
      const logger = pino(loggerOptions('info'), logDestination(fd));
      for (let index = 0; index < 100; index += 1) {
        logger.info({ requestId: `req_${index}`, status: 200, authorization: 'Bearer sk-secret' }, 'request completed');
      }
      const lines = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines).toHaveLength(100);
      expect(lines[99]).toMatchObject({ msg: 'request completed', requestId: 'req_99', status: 200, authorization: '[redacted]' });
    } finally {
      closeSync(fd);
    }
  });
});
