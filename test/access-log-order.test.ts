import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServeProcess, serveProcess } from './support/serve-process.ts';

/** The server's access-log lines so far. */
function accessLines(output: string): Array<Record<string, unknown>> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line['msg'] === 'request completed');
}

async function ask(url: string, requestId: string): Promise<number> {
  const sentAt = Date.now();
  const answer = await fetch(`${url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({ model: 'simulator-repeat', input: 'Say something about lighthouses.', store: false }),
  });
  expect(answer.status).toBe(200);
  await answer.text();
  return sentAt;
}

async function until(check: () => boolean, millis = 5_000): Promise<void> {
  const deadline = Date.now() + millis;
  while (!check() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

// A request's access-log line is written once its answer's bytes are sent (the response counted
// with it): one per request, in order, with its fields in their order, also at a shutdown.
describe('access-log lines written after their answers', () => {
  let dataDir: string;
  let server: ServeProcess;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'imagegate-access-order-'));
    server = await serveProcess(['--port', '0', '--data-dir', dataDir], { IMAGEGATE_LOG_LEVEL: 'info' });
  });
  afterAll(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('come one per request, in the order the answers ended, with their fields in order', async () => {
    const sentAt: number[] = [];
    for (let index = 0; index < 6; index += 1) sentAt.push(await ask(server.url, `order-${index}`));
    const mine = () => accessLines(server.output()).filter((line) => String(line['requestId']).startsWith('order-'));
    await until(() => mine().length >= 6);
    const lines = mine();
    expect(lines.map((line) => line['requestId'])).toEqual(['order-0', 'order-1', 'order-2', 'order-3', 'order-4', 'order-5']);
    for (const [index, line] of lines.entries()) {
      expect(line).toMatchObject({ method: 'POST', route: '/v1/responses', path: '/v1/responses', status: 200, model: 'simulator-repeat', images: 0 });
      expect(Object.keys(line)).toEqual(['level', 'time', 'pid', 'hostname', 'name', 'requestId', 'keyId', 'method', 'route', 'path', 'status', 'durationMs', 'responseId', 'model', 'images', 'costUsd', 'msg']);
      expect(line['time']).toBeGreaterThanOrEqual(sentAt[index]!);
      expect(line['time']).toBeGreaterThanOrEqual(sentAt[index]!);
      if (index > 0) expect(line['time']).toBeGreaterThanOrEqual(lines[index - 1]!['time'] as number);
    }
  });

  it('answers just given at a shutdown get their lines before the process exits', async () => {
    const sent = await Promise.all(Array.from({ length: 8 }, (_, index) => ask(server.url, `last-${index}`)));
    expect(sent).toHaveLength(8);
    expect(await server.stop()).toBe(0);
    const lines = accessLines(server.output()).filter((line) => String(line['requestId']).startsWith('last-'));
    expect(lines.map((line) => line['requestId']).sort()).toEqual(Array.from({ length: 8 }, (_, index) => `last-${index}`).sort());
  });
});
