import { type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDLE_WORK_MAX_DELAY_MS, idleWorkPending, setIdleWorkMaxDelay, whenIdle } from '../../idle/idle-work.ts';
import { createUndiciUpstreamHttp } from './undici-upstream-http.ts';

describe('an upstream request on its way', () => {
  let server: Server;
  let url: string;
  let received: (response: ServerResponse) => void = () => undefined;
  const http = createUndiciUpstreamHttp();
  beforeAll(async () => {
    // Held far longer than usual: only the upstream request drains it here.
    setIdleWorkMaxDelay(60_000);
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => received(response));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/responses`;
  });
  afterAll(async () => {
    setIdleWorkMaxDelay(IDLE_WORK_MAX_DELAY_MS);
    await http.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('runs the work kept for an idle moment while the upstream answers, in order', async () => {
    const ran: string[] = [];
    whenIdle(() => ran.push('metrics of an earlier answer'));
    whenIdle(() => ran.push('its access-log line'));
    const arrived = new Promise<ServerResponse>((resolve) => (received = resolve));
    const answering = http.request({ url, method: 'POST', headers: {}, body: '{}', signal: new AbortController().signal });
    expect(idleWorkPending()).toBe(2);
    // The upstream has the request and holds its answer: the work already ran.
    const response = await arrived;
    expect(ran).toEqual(['metrics of an earlier answer', 'its access-log line']);
    expect(idleWorkPending()).toBe(0);
    response.end('{}');
    const answer = await answering;
    expect(answer.status).toBe(200);
    await answer.body.text();
  });
});
