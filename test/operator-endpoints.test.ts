import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { ADMIN_KEY, createKey } from './support/accounting.ts';
import { startTestServer } from './support/test-server.ts';

describe('health', () => {
  it('/health/live and /health/ready answer 200; ready answers 503 naming the database when its file is unreadable', async () => {
    const test = await startTestServer();
    try {
      const live = await fetch(`${test.server.url}/health/live`);
      expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
      const ready = await fetch(`${test.server.url}/health/ready`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', checks: { database: 'ok', blob_store: 'ok' } }]);
      expect((await fetch(`${test.server.url}/health`)).status).toBe(200);

      // The file is no longer a database (a bad restore, a disk fault): the open connection may
      // still answer from its cache, but the next start would not — not ready.
      writeFileSync(join(test.dataDir, 'imagegate.sqlite'), 'this is not an SQLite database, it is a text file of sufficient length'.repeat(100));
      const broken = await fetch(`${test.server.url}/health/ready`);
      expect(broken.status).toBe(503);
      const body = (await broken.json()) as { status: string; failing: string[]; checks: Record<string, string> };
      expect(body.status).toBe('not_ready');
      expect(body.failing).toEqual(['database']);
      expect(body.checks['database']).toMatch(/not a database/);
      expect(body.checks['blob_store']).toBe('ok');
      expect((await fetch(`${test.server.url}/health/live`)).status).toBe(200);
    } finally {
      await test.dispose();
    }
  });
});

describe('CORS', () => {
  const preflight = (url: string, origin: string) =>
    fetch(`${url}/v1/responses`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  it('answers the preflight of an allowed origin, and lets it read the request id', async () => {
    const test = await startTestServer({ cors: { allowedOrigins: ['https://app.example.com'] } });
    try {
      const allowed = await preflight(test.server.url, 'https://app.example.com');
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
      expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
      const other = await preflight(test.server.url, 'https://evil.example.net');
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      const answer = await fetch(`${test.server.url}/v1/models`, { headers: { origin: 'https://app.example.com' } });
      expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
      expect(answer.headers.get('access-control-expose-headers')).toContain('x-request-id');
    } finally {
      await test.dispose();
    }
  });

  it('allows no origin by default: the preflight is not answered', async () => {
    const test = await startTestServer();
    try {
      const refused = await preflight(test.server.url, 'https://app.example.com');
      expect(refused.status).toBe(404);
      expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await test.dispose();
    }
  });
});

describe('rate-limit headers and Retry-After', () => {
  it('every answer to a limited key carries x-ratelimit-*; the per-minute 429 says when to retry', async () => {
    let now = Date.UTC(2026, 5, 1, 12, 0, 0);
    const test = await startTestServer({ auth: { adminKey: ADMIN_KEY } }, undefined, { now: () => now });
    try {
      const key = await createKey(test.server.url, 'limited', { rate_limits: { requests_per_minute: 2, images_per_minute: 10 } });
      const client = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: key.secret, maxRetries: 0 });
      const first = await client.responses.create({ model: 'simulator', input: 'one' }).withResponse();
      expect(Object.fromEntries([...first.response.headers].filter(([name]) => name.startsWith('x-ratelimit-')))).toEqual({
        'x-ratelimit-limit-requests': '2',
        'x-ratelimit-remaining-requests': '1',
        'x-ratelimit-reset-requests': '1m0s',
        'x-ratelimit-limit-images': '10',
        'x-ratelimit-remaining-images': '10',
        'x-ratelimit-reset-images': '0ms',
      });
      now += 20_000;
      const second = await client.models.list().withResponse();
      expect(second.response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      expect(second.response.headers.get('x-ratelimit-reset-requests')).toBe('1m0s');
      now += 10_000;
      const refused = await fetch(`${test.server.url}/v1/models`, { headers: { authorization: `Bearer ${key.secret}` } });
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
      // The first request leaves the window 30 s from now; the second 50 s from now.
      expect(refused.headers.get('retry-after')).toBe('30');
      expect(refused.headers.get('x-ratelimit-remaining-requests')).toBe('0');
      expect(refused.headers.get('x-ratelimit-reset-requests')).toBe('50s');
      // The SDK sees the same: a RateLimitError it could wait on.
      await expect(client.responses.create({ model: 'simulator', input: 'three' })).rejects.toMatchObject({ status: 429, headers: expect.anything() });
    } finally {
      await test.dispose();
    }
  });

  it('a budget refusal is a 429 whose Retry-After points at the next UTC midnight', async () => {
    const now = Date.UTC(2026, 5, 1, 22, 0, 0);
    const test = await startTestServer({ auth: { adminKey: ADMIN_KEY } }, undefined, { now: () => now });
    try {
      const key = await createKey(test.server.url, 'poor', { budgets: { daily_usd: 0.000001 } });
      const refused = await fetch(`${test.server.url}/v1/responses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'gpt-4.1', input: 'Write a long essay about lighthouses.' }),
      });
      expect(refused.status).toBe(429);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('budget_exceeded');
      expect(refused.headers.get('retry-after')).toBe(String(2 * 60 * 60));
    } finally {
      await test.dispose();
    }
  });

  it('a key without limits gets no x-ratelimit-* headers', async () => {
    const test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
    try {
      const key = await createKey(test.server.url, 'free');
      const answer = await fetch(`${test.server.url}/v1/models`, { headers: { authorization: `Bearer ${key.secret}` } });
      expect([...answer.headers.keys()].filter((name) => name.startsWith('x-ratelimit-'))).toEqual([]);
    } finally {
      await test.dispose();
    }
  });
});

describe('the admin live panel numbers', () => {
  it('GET /v1/admin/stats: requests, images and spend of the last hour, admin only', async () => {
    const test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
    try {
      const admin = new OpenAI({ baseURL: `${test.server.url}/v1`, apiKey: ADMIN_KEY, maxRetries: 0 });
      const response = await admin.responses.create({
        model: 'gpt-4.1',
        input: 'Draw a fox.',
        tools: [{ type: 'image_generation', size: '64x64' }],
        imagegate: { exact_images: 1 },
      } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming);
      const cost = (response as unknown as { imagegate: { cost: { total_usd: number } } }).imagegate.cost.total_usd;
      const stats = await fetch(`${test.server.url}/v1/admin/stats`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      expect(stats.status).toBe(200);
      const body = (await stats.json()) as { requests: number; images: number; spend_usd: number; provider_errors: object; window_minutes: number };
      expect(body).toMatchObject({ window_minutes: 60, requests: 2, images: 1, provider_errors: {} });
      expect(body.spend_usd).toBeCloseTo(cost, 9);
      const key = await createKey(test.server.url, 'not-admin');
      expect((await fetch(`${test.server.url}/v1/admin/stats`, { headers: { authorization: `Bearer ${key.secret}` } })).status).toBe(403);
    } finally {
      await test.dispose();
    }
  });
});
