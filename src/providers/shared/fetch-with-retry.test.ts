import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchWithRetry, parseRetryAfter } from './fetch-with-retry.ts';
import { postJson } from './post-json.ts';
import { ProviderError } from '../spec/provider-error.ts';
import { providerSettings } from './provider-settings.ts';

type Handler = (request: IncomingMessage, response: ServerResponse, attempt: number) => void;

let server: Server | undefined;
afterEach(async () => {
  if (!server) return;
  server.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  server = undefined;
});

/** A local fake provider that answers each attempt with the scripted handler. */
async function fake(handler: Handler): Promise<{ baseURL: string; attempts: () => number }> {
  let attempts = 0;
  server = createServer((request, response) => handler(request, response, attempts++));
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, attempts: () => attempts };
}

function settings(baseURL: string, sleeps: number[], overrides: { timeoutMillis?: number; maxRetries?: number } = {}) {
  return providerSettings({
    baseURL,
    maxRetries: overrides.maxRetries ?? 2,
    timeoutMillis: overrides.timeoutMillis ?? 2000,
    sleep: async (millis) => {
      sleeps.push(millis);
    },
  });
}

const call = (baseURL: string, sleeps: number[], overrides?: { timeoutMillis?: number; maxRetries?: number }) =>
  postJson(settings(baseURL, sleeps, overrides), { provider: 'fake', path: '/v1/things', body: { a: 1 }, abortSignal: new AbortController().signal });

describe('fetchWithRetry via postJson', () => {
  it('honours Retry-After on 429, then succeeds', async () => {
    const sleeps: number[] = [];
    const { baseURL, attempts } = await fake((_request, response, attempt) => {
      if (attempt === 0) {
        response.writeHead(429, { 'retry-after': '3', 'content-type': 'application/json' });
        response.end('{"error":{"message":"slow down"}}');
        return;
      }
      response.end('{"ok":true}');
    });
    await expect(call(baseURL, sleeps)).resolves.toEqual({ ok: true });
    expect(attempts()).toBe(2);
    expect(sleeps).toEqual([3000]);
  });

  it('retries a 500 with backoff, then succeeds', async () => {
    const sleeps: number[] = [];
    const { baseURL } = await fake((_request, response, attempt) => {
      response.statusCode = attempt < 2 ? 500 : 200;
      response.end(attempt < 2 ? 'oops' : '{"ok":2}');
    });
    await expect(call(baseURL, sleeps)).resolves.toEqual({ ok: 2 });
    expect(sleeps).toEqual([500, 1000]);
  });

  it('never retries other 4xx and keeps status and body', async () => {
    const sleeps: number[] = [];
    const { baseURL, attempts } = await fake((_request, response) => {
      response.statusCode = 400;
      response.end('{"error":{"message":"bad prompt"}}');
    });
    const error = await call(baseURL, sleeps).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 400, isRetryable: false, message: 'fake answered 400: bad prompt' });
    expect(attempts()).toBe(1);
  });

  it('times out a silent server per attempt and gives up after the retries', async () => {
    const sleeps: number[] = [];
    const { baseURL, attempts } = await fake(() => {
      /* never answers */
    });
    const error = await call(baseURL, sleeps, { timeoutMillis: 100, maxRetries: 1 }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: 'timeout', isRetryable: true });
    expect(attempts()).toBe(2);
  });

  it('treats a connection reset as retryable', async () => {
    const sleeps: number[] = [];
    const { baseURL } = await fake((request, response, attempt) => {
      if (attempt === 0) {
        request.socket.destroy();
        return;
      }
      response.end('{"ok":3}');
    });
    await expect(call(baseURL, sleeps)).resolves.toEqual({ ok: 3 });
  });

  it('malformed JSON is a non-retryable invalid_response', async () => {
    const { baseURL, attempts } = await fake((_request, response) => response.end('{"ok": tru'));
    await expect(call(baseURL, [])).rejects.toMatchObject({ kind: 'invalid_response', isRetryable: false });
    expect(attempts()).toBe(1);
  });

  it('aborting the caller aborts the request in flight', async () => {
    const { baseURL } = await fake(() => {
      /* never answers */
    });
    const controller = new AbortController();
    const pending = postJson(settings(baseURL, []), { provider: 'fake', path: '/x', body: {}, abortSignal: controller.signal });
    controller.abort(new Error('client went away'));
    await expect(pending).rejects.toThrow('client went away');
  });

  it('lets a long stream run while it keeps sending, and cuts one that goes silent', async () => {
    const { baseURL } = await fake((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      const stalls = request.url === '/stall';
      const timer = setInterval(() => {
        if (stalls && sent === 1) return; // one chunk, then silence
        response.write(`data: ${sent}\n\n`);
        if (++sent === 6) {
          clearInterval(timer);
          response.end();
        }
      }, 40);
      response.on('close', () => clearInterval(timer));
    });
    const open = async (path: string) => {
      const { response } = await fetchWithRetry(settings(baseURL, [], { timeoutMillis: 150, maxRetries: 0 }), {
        provider: 'fake',
        url: `${baseURL}${path}`,
        method: 'GET',
        headers: {},
        abortSignal: new AbortController().signal,
      });
      return response.body.text();
    };
    await expect(open('/long')).resolves.toContain('data: 5');
    await expect(open('/stall')).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('never asks twice for a whole (non-streamed) answer that timed out: the upstream may still be generating and billing it', async () => {
    const { baseURL, attempts } = await fake(() => {
      /* the model is still generating: no headers yet */
    });
    const ask = (wholeAnswer: boolean) =>
      fetchWithRetry(settings(baseURL, [], { timeoutMillis: 100, maxRetries: 2 }), {
        provider: 'fake',
        url: `${baseURL}/v1/responses`,
        method: 'POST',
        headers: {},
        body: '{}',
        abortSignal: new AbortController().signal,
        wholeAnswer,
      }).catch((caught: unknown) => caught);
    expect(await ask(true)).toMatchObject({ kind: 'timeout', isRetryable: false, message: 'fake did not answer within 100 ms' });
    expect(attempts()).toBe(1);
    // A stream's timeout (no headers within timeoutMillis) is retried as before.
    expect(await ask(false)).toMatchObject({ kind: 'timeout', isRetryable: true });
    expect(attempts()).toBe(4);
  });

  it('never holds the caller past retryTotalMillis: a wait that would end past it is not made', async () => {
    // Gemini's RetryInfo of 34 s with two retries once held a client over a minute.
    const sleeps: number[] = [];
    const { baseURL, attempts } = await fake((_request, response) => {
      response.writeHead(429, { 'retry-after': '34', 'content-type': 'application/json' });
      response.end('{"error":{"message":"quota","type":"requests","code":"rate_limit_exceeded"}}');
    });
    const clock = { millis: 1_000_000 };
    const bounded = providerSettings({
      baseURL,
      maxRetries: 2,
      retryTotalMillis: 20_000,
      now: () => clock.millis,
      sleep: async (millis) => {
        sleeps.push(millis);
        clock.millis += millis;
      },
    });
    const failure = await postJson(bounded, { provider: 'fake', path: '/v1/things', body: {}, abortSignal: new AbortController().signal }).catch((error: unknown) => error);
    expect(attempts()).toBe(1);
    expect(sleeps).toEqual([]);
    expect(failure).toMatchObject({ status: 429, retryAfterMillis: 34_000, upstream: { code: 'rate_limit_exceeded', type: 'requests', message: 'quota' } });
  });

  it('retries while the waits fit in the total, then gives the error to the caller', async () => {
    const sleeps: number[] = [];
    const { baseURL, attempts } = await fake((_request, response) => {
      response.writeHead(503, { 'retry-after': '8' });
      response.end('busy');
    });
    const clock = { millis: 0 };
    const bounded = providerSettings({
      baseURL,
      maxRetries: 5,
      retryTotalMillis: 20_000,
      now: () => clock.millis,
      sleep: async (millis) => {
        sleeps.push(millis);
        clock.millis += millis;
      },
    });
    await expect(postJson(bounded, { provider: 'fake', path: '/v1/things', body: {}, abortSignal: new AbortController().signal })).rejects.toMatchObject({ status: 503 });
    // 8 s + 8 s fit in 20 s; a third 8 s wait would end at 24 s.
    expect(sleeps).toEqual([8000, 8000]);
    expect(attempts()).toBe(3);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});
