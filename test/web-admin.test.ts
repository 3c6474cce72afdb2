import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, ensureWebBuild, hasChromium, launchChromium } from './support/browser.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

const ADMIN_KEY = 'adm_Zq8xW3kP9vT2rLm7';

describe.skipIf(!hasChromium)('admin page in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  const post = async <T,>(path: string, key: string, body: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const response = await fetch(`${test.server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    expect(response.ok).toBe(true);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    ensureWebBuild();
    mkdirSync(ARTIFACTS, { recursive: true });
    test = await startTestServer({ auth: { adminKey: ADMIN_KEY } });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await test?.dispose();
  });

  it('names keys, links each response to a detail with its thumbnail and ignored calls, shows budget left, and never the admin key', async () => {
    const key = await post<{ secret: string; prefix: string }>('/v1/admin/keys', ADMIN_KEY, { name: 'team lighthouse', policy: { budgets: { daily_usd: 2, monthly_usd: 20 } } });
    const made = await post<{ id: string; imagegate: { cost: { total_usd: number } } }>(
      '/v1/responses',
      key.secret,
      { model: 'simulator-repeat', input: 'Draw a lighthouse on a cliff at sunset.', tools: [{ type: 'image_generation', size: '256x256' }] },
      { 'x-imagegate-max-images': '1' },
    );

    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${test.server.url}/admin`);
    await page.getByLabel('Admin key').fill(ADMIN_KEY);
    await page.getByRole('button', { name: 'Save key' }).click();
    const row = page.locator(`table.recent tr[data-response-id="${made.id}"]`);
    await row.waitFor();
    expect(await row.locator('td').nth(3).textContent()).toBe('team lighthouse');
    expect(await row.textContent()).not.toContain(key.prefix);

    const daily = page.locator('table.keys [data-scope="daily"]');
    await expect.poll(async () => Math.round(Number(await daily.getAttribute('data-left-usd')) * 1e6)).toBe(Math.round((2 - made.imagegate.cost.total_usd) * 1e6));
    expect(await page.locator('table.keys [data-scope="monthly"] meter').count()).toBe(1);

    await row.getByRole('button', { name: /details/ }).click();
    const detail = page.locator(`.response-detail[data-response-id="${made.id}"]`);
    const thumbnail = detail.locator('.thumbnails img');
    await thumbnail.waitFor();
    expect(await thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(256);
    expect(await detail.locator('li[data-reason="max_images"]').count()).toBeGreaterThan(0);
    expect(await detail.locator('.prompt').textContent()).toBe('Draw a lighthouse on a cliff at sunset.');
    expect(await detail.textContent()).toContain('team lighthouse');
    await page.screenshot({ path: join(ARTIFACTS, 'admin-detail.png'), fullPage: true });

    // Not a single run of 4 characters of the admin key in the markup or in any field's value.
    const markup = await page.evaluate(() => document.documentElement.outerHTML + [...document.querySelectorAll('input, textarea')].map((field) => (field as HTMLInputElement).value).join(' '));
    const pieces = Array.from({ length: ADMIN_KEY.length - 3 }, (_, at) => ADMIN_KEY.slice(at, at + 4));
    expect(pieces.filter((piece) => markup.includes(piece))).toEqual([]);
    await page.context().close();
  }, 30_000);
});
