import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, ensureWebBuild, hasChromium, launchChromium } from './support/browser.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

const ADMIN_KEY = 'admin-web-ui-test';
const SEED_PROMPT = 'Draw a lighthouse on a cliff at sunset.';

interface StoredResponse {
  id: string;
  status: string;
  previous_response_id: string | null;
  output: Array<{ type: string; action?: string }>;
  imagegate: { images_generated: number; cost: { total_usd: number | null } };
}

describe.skipIf(!hasChromium)('web UI in Chromium', () => {
  let test: TestServer;
  let browser: Browser;
  let page: Page;
  let secret: string;

  const api = async <T,>(path: string, key: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${test.server.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers } });
    expect(response.ok, `${path} → ${response.status}`).toBe(true);
    return (await response.json()) as T;
  };

  /** The stored copy is written just after the stream's last event: wait for the final one. */
  const settled = async (id: string, key: string): Promise<StoredResponse> => {
    let stored = await api<StoredResponse>(`/v1/responses/${id}`, key);
    await expect
      .poll(async () => {
        stored = await api<StoredResponse>(`/v1/responses/${id}`, key);
        return stored.status;
      })
      .not.toBe('in_progress');
    return stored;
  };

  beforeAll(async () => {
    ensureWebBuild();
    mkdirSync(ARTIFACTS, { recursive: true });
    test = await startTestServer({ simulator: { tokenDelayMillis: 5, imageDelayMillis: 300 }, auth: { adminKey: ADMIN_KEY } });
    secret = (await api<{ secret: string }>('/v1/admin/keys', ADMIN_KEY, { method: 'POST', body: JSON.stringify({ name: 'browser' }) })).secret;
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    // Every src an answer image shows, in order, per image item: partials then the final.
    await page.addInitScript(() => {
      const seen: Record<string, string[]> = {};
      const typedWhileStreaming: boolean[] = [];
      Object.assign(window, { __imageSrcs: seen, __typedWhileStreaming: typedWhileStreaming });
      const record = () => {
        for (const figure of document.querySelectorAll<HTMLElement>('figure.image')) {
          const src = figure.querySelector('img')?.getAttribute('src');
          const id = figure.dataset['itemId'] ?? '';
          const list = (seen[id] ??= []);
          if (src && list.at(-1) !== src) list.push(src);
        }
      };
      document.addEventListener('DOMContentLoaded', () => {
        new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['src'] });
      });
      document.addEventListener('input', (event) => {
        if ((event.target as HTMLElement).id === 'message') typedWhileStreaming.push(document.querySelector('.answer[data-status="streaming"] figure.image[data-final="false"]') !== null);
      });
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await test?.dispose();
  });

  it('serves the UI at / and /admin without disturbing the API', async () => {
    const home = await fetch(`${test.server.url}/`);
    expect(home.headers.get('content-type')).toMatch(/text\/html/);
    const html = await home.text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    expect((await fetch(`${test.server.url}${script}`)).headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${test.server.url}/admin`)).headers.get('content-type')).toMatch(/text\/html/);
    for (const path of ['/v1/nope', '/nope']) {
      const unknown = await fetch(`${test.server.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      expect(unknown.status).toBe(404);
      expect(((await unknown.json()) as { error: { code: string } }).error.code).toBe('unknown_url');
    }
    expect((await fetch(`${test.server.url}/health`)).status).toBe(200);
    expect((await fetch(`${test.server.url}/v1/models`)).status).toBe(401);
  });

  it('chat: partials refine one image, cost matches, edit continues, input stays usable', async () => {
    await page.goto(`${test.server.url}/`);
    await page.getByLabel('API key').fill(secret);
    await page.getByRole('button', { name: 'Save key' }).click();
    await page.locator('select[name="model"] option[value="simulator-repeat"]').waitFor({ state: 'attached' });
    // Settings are collapsed so the conversation keeps the height.
    await page.locator('.settings-box summary').click();
    await page.getByLabel('Model').selectOption('simulator-repeat');
    await page.getByLabel('Partial images').selectOption('2');
    await page.getByLabel('Images per response').fill('1');
    await page.getByLabel('Format').selectOption('png');

    const message = page.getByLabel('Message');
    await message.fill(SEED_PROMPT);
    await message.press('Enter');
    // While the image is still being drawn, the message box takes input.
    await page.locator('.answer[data-status="streaming"] figure.image').first().waitFor();
    await message.pressSequentially('still typing', { delay: 5 });
    await expect.poll(() => message.inputValue()).toBe('still typing');
    expect(await page.evaluate(() => (window as unknown as { __typedWhileStreaming: boolean[] }).__typedWhileStreaming.some(Boolean))).toBe(true);
    await message.fill('');

    const first = page.locator('.answer').nth(0);
    await page.locator('.answer[data-status="completed"]').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'chat-first-answer.png'), fullPage: true });
    const images = first.locator('figure.image');
    expect(await images.count()).toBe(1);
    expect(await images.getAttribute('data-final')).toBe('true');
    expect(await images.getAttribute('data-partials')).toBe('2');
    const itemId = (await images.getAttribute('data-item-id')) ?? '';
    const srcs = await page.evaluate((id) => (window as unknown as { __imageSrcs: Record<string, string[]> }).__imageSrcs[id] ?? [], itemId);
    expect(srcs.length).toBe(3); // two partials, then the final image, all in the same <img>
    expect(new Set(srcs).size).toBe(3);
    expect(await first.getByRole('link', { name: 'Download' }).getAttribute('download')).toMatch(/\.png$/);

    const firstId = (await first.getAttribute('data-response-id')) ?? '';
    const stored = await settled(firstId, secret);
    expect(stored.imagegate.images_generated).toBe(1);
    const shownCost = first.getByTestId('answer-cost');
    expect(Number(await shownCost.getAttribute('data-cost-usd'))).toBe(stored.imagegate.cost.total_usd);
    expect(await shownCost.textContent()).toContain(`$${stored.imagegate.cost.total_usd?.toFixed(6)}`);
    // simulator-repeat asks for more images; the limit of 1 ignores them, and the UI says why.
    expect(Number(await first.getByTestId('ignored-count').locator('strong').textContent())).toBeGreaterThan(0);
    expect(await first.locator('li[data-reason="max_images"]').count()).toBeGreaterThan(0);

    await first.getByRole('button', { name: 'Edit this image' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('message');
    await message.fill('make the sky purple');
    await message.press('Enter');
    const second = page.locator('.answer').nth(1);
    await page.locator('.answer[data-status="completed"]').nth(1).waitFor();
    expect(await second.locator('figure.image[data-final="true"] img').count()).toBe(1);
    const secondStored = await settled((await second.getAttribute('data-response-id')) ?? '', secret);
    expect(secondStored.previous_response_id).toBe(firstId);
    expect(secondStored.output.find((item) => item.type === 'image_generation_call')?.action).toBe('edit');
    const total = (stored.imagegate.cost.total_usd ?? 0) + (secondStored.imagegate.cost.total_usd ?? 0);
    expect(Number(await page.getByTestId('conversation-total').getAttribute('data-total-usd'))).toBeCloseTo(total, 9);
    await page.screenshot({ path: join(ARTIFACTS, 'chat-edit.png'), fullPage: true });
  }, 40_000);

  it('admin: the day chart shows the spend, keys and recent responses are listed', async () => {
    const admin = await page.context().newPage();
    await admin.goto(`${test.server.url}/admin`);
    await admin.getByLabel('Admin key').fill(ADMIN_KEY);
    await admin.getByRole('button', { name: 'Save key' }).click();
    const today = new Date().toISOString().slice(0, 10);
    const bar = admin.locator(`[data-chart="spend-per-day"] rect[data-label="${today}"]`);
    await bar.waitFor();
    expect(Number(await bar.getAttribute('data-value'))).toBeGreaterThan(0);
    expect(Number(await bar.getAttribute('height'))).toBeGreaterThan(0);
    expect(Number(await admin.locator(`[data-chart="images-per-day"] rect[data-label="${today}"]`).getAttribute('data-value'))).toBe(2);
    await expect.poll(() => admin.locator('table.keys tbody tr[data-key-id]').count()).toBe(1);
    expect(await admin.locator('table.recent tbody tr').count()).toBe(2);
    // The live panel counts the same two images within the last hour.
    expect(await admin.locator('[data-stat="images"]').textContent()).toBe('2');
    await admin.getByRole('button', { name: 'New key' }).click();
    await admin.locator('#new-key-name').fill('made in the browser');
    await admin.locator('#new-key-dailyUsd').fill('2.5');
    await admin.getByRole('button', { name: 'Create key' }).click();
    expect(await admin.getByTestId('new-secret').textContent()).toMatch(/^ig_/);
    await expect.poll(() => admin.locator('table.keys tbody tr[data-key-id]').count()).toBe(2);
    expect(await admin.locator('table.keys').textContent()).toContain('$2.5/day');
    await admin.screenshot({ path: join(ARTIFACTS, 'admin.png'), fullPage: true });
    await admin.close();
  }, 20_000);

  it('a failing response shows an error, not a spinner', async () => {
    await page.getByRole('button', { name: 'Forget key' }).click();
    await page.getByLabel('API key').fill('ig_live_not_a_real_key');
    await page.getByRole('button', { name: 'Save key' }).click();
    const message = page.getByLabel('Message');
    await message.fill('Draw a fox.');
    await message.press('Enter');
    const failed = page.locator('.answer[data-status="failed"]');
    await failed.waitFor();
    expect(await failed.getByRole('alert').textContent()).toMatch(/401.*Incorrect API key/);
    expect(await page.locator('.working').count()).toBe(0);
    expect(await message.isEnabled()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'chat-error.png'), fullPage: true });
  }, 15_000);
});
