import { Agent, type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestServer, startTestServer } from './support/test-server.ts';

/** An OpenAI upstream that never answers: it reports each call it gets and when that call's connection closes. */
async function silentUpstream(refusals = 0): Promise<{ server: Server; baseURL: string; calls: Array<{ closed: Promise<void> }>; called: Promise<void> }> {
  const calls: Array<{ closed: Promise<void> }> = [];
  let onCall: () => void = () => undefined;
  const called = new Promise<void>((resolve) => {
    onCall = resolve;
  });
  let refused = 0;
  const server = createServer((incoming: IncomingMessage, response: ServerResponse) => {
    // The first `refusals` calls are answered at once (400: not retried), the rest never.
    if (refused < refusals) {
      refused++;
      response.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"no","type":"invalid_request_error","param":null,"code":null}}');
      return;
    }
    calls.push({ closed: new Promise((resolve) => incoming.socket.once('close', () => resolve())) });
    onCall();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, calls, called };
}

let upstream: Server | undefined;
let test: TestServer | undefined;
afterEach(async () => {
  await test?.dispose();
  test = undefined;
  upstream?.closeAllConnections();
  await new Promise((resolve) => upstream?.close(resolve));
  upstream = undefined;
});

async function gateway(baseURL: string, timeoutMillis: number): Promise<TestServer> {
  return startTestServer({
    providers: { upstream: { type: 'openai', baseURL, apiKey: 'sk-test', maxRetries: 0, timeoutMillis } },
    models: { 'gpt-4.1': { provider: 'upstream' } },
    unknownModels: 'reject',
  });
}

describe('the upstream call of a JSON response', () => {
  it('is aborted, its connection closed, when the client goes away while it waits', async () => {
    const silent = await silentUpstream();
    upstream = silent.server;
    test = await gateway(silent.baseURL, 60_000);
    const client = request(`${test.server.url}/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    client.on('error', () => undefined);
    client.end(JSON.stringify({ model: 'gpt-4.1', input: 'Say hi.', store: false }));
    await silent.called;
    client.destroy();
    await expect(silent.calls[0]?.closed).resolves.toBeUndefined();
  });

  it('is aborted when the client goes away after earlier requests answered on the same kept-alive connection', async () => {
    const silent = await silentUpstream(3);
    upstream = silent.server;
    test = await gateway(silent.baseURL, 60_000);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const body = JSON.stringify({ model: 'gpt-4.1', input: 'Say hi.', store: false });
    for (let turn = 0; turn < 3; turn++) {
      const status = await new Promise<number | undefined>((resolve) => {
        const client = request(`${test?.server.url}/v1/responses`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (answer) => {
          answer.resume();
          answer.on('end', () => resolve(answer.statusCode));
        });
        client.end(body);
      });
      expect(status).toBe(400);
    }
    const client = request(`${test.server.url}/v1/responses`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } });
    client.on('error', () => undefined);
    client.end(body);
    await silent.called;
    client.destroy();
    await expect(silent.calls[0]?.closed).resolves.toBeUndefined();
    agent.destroy();
  });

  it('times out when the upstream stays silent past the provider timeout: 504-class error, the call closed', async () => {
    const silent = await silentUpstream();
    upstream = silent.server;
    test = await gateway(silent.baseURL, 150);
    const answer = await fetch(`${test.server.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4.1', input: 'Say hi.', store: false }),
    });
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(((await answer.json()) as { error: { message: string } }).error.message).toContain('did not answer within 150 ms');
    await expect(silent.calls[0]?.closed).resolves.toBeUndefined();
  });
});
