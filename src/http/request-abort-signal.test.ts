import { Agent, type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { requestAbortSignal } from './request-abort-signal.ts';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A Node server whose handler gets each request's signal as the route does; `answer` decides when it answers. */
async function serve(answer: (signal: AbortSignal, response: ServerResponse) => void): Promise<string> {
  server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const context = { env: { incoming, outgoing }, req: { raw: { signal: new AbortController().signal } } } as unknown as Context;
    answer(requestAbortSignal(context), outgoing);
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

function get(url: string, agent: Agent): Promise<string> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve(text));
    })
      .on('error', reject)
      .end();
  });
}

describe('requestAbortSignal', () => {
  it('gives the requests of one kept-alive connection one signal while nobody listens on it after its answer, never aborted', async () => {
    const signals: AbortSignal[] = [];
    const url = await serve((signal, response) => {
      signals.push(signal);
      // The second request leaves a listener behind: its signal is not handed on.
      if (signals.length === 2) signal.addEventListener('abort', () => undefined);
      response.end('ok');
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    for (let turn = 0; turn < 4; turn++) expect(await get(url, agent)).toBe('ok');
    agent.destroy();
    expect(signals[1]).toBe(signals[0]);
    expect(signals[2]).not.toBe(signals[1]);
    expect(signals[3]).toBe(signals[2]);
    expect(signals.every((signal) => !signal.aborted)).toBe(true);
  });

  it('is aborted when the client goes away before the answer, and that signal is never given out again', async () => {
    const signals: AbortSignal[] = [];
    let first: (() => void) | undefined;
    const url = await serve((signal, response) => {
      signals.push(signal);
      if (signals.length === 1) first?.();
      else response.end('ok');
    });
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const client = request(url, { agent });
    client.on('error', () => undefined);
    await new Promise<void>((resolve) => {
      first = resolve;
      client.end();
    });
    const aborted = new Promise((resolve) => signals[0]?.addEventListener('abort', () => resolve(signals[0]?.reason)));
    client.destroy();
    // Node marks the request errored (`aborted`) when its connection resets: that is the reason, as Hono gives it.
    await expect(aborted).resolves.toBe('Error: aborted');
    expect(await get(url, agent)).toBe('ok');
    agent.destroy();
    expect(signals[1]).not.toBe(signals[0]);
    expect(signals[1]?.aborted).toBe(false);
  });
});
