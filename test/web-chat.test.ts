import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, ensureWebBuild, hasChromium, launchChromium } from './support/browser.ts';
import { type TestServer, startTestServer } from './support/test-server.ts';

const ADMIN_KEY = 'adm_Zq8xW3kP9vT2rLm7';
const SEED_PROMPT = 'Draw a lighthouse on a cliff at sunset.';

interface Stored {
  id: string;
  previous_response_id: string | null;
  output: Array<{ type: string; action?: string }>;
  imagegate: { cost: { total_usd: number } };
}

describe.skipIf(!hasChromium)('web chat in Chromium: feels like a chat app', () => {
  let test: TestServer;
  let browser: Browser;

  const api = async <T,>(path: string, key: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${test.server.url}${path}`, { ...init, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers } });
    expect(response.ok, `${path} → ${response.status}`).toBe(true);
    return (await response.json()) as T;
  };
  /** The stored copy is written just after the stream's last event: wait for the final one. */
  const storedFinal = async (answer: Locator, key: string): Promise<Stored & { status: string }> => {
    const id = (await answer.getAttribute('data-response-id')) ?? '';
    let stored = await api<Stored & { status: string }>(`/v1/responses/${id}`, key);
    await expect
      .poll(async () => {
        stored = await api<Stored & { status: string }>(`/v1/responses/${id}`, key);
        return stored.status;
      })
      .not.toBe('in_progress');
    return stored;
  };
  const createKey = async (name: string, policy: Record<string, unknown> = {}) => (await api<{ secret: string }>('/v1/admin/keys', ADMIN_KEY, { method: 'POST', body: JSON.stringify({ name, policy }) })).secret;

  const openChat = async (options: BrowserContextOptions = {}): Promise<Page> => {
    const page = await (await browser.newContext(options)).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${test.server.url}/`);
    return page;
  };
  const saveKey = async (page: Page, secret: string) => {
    await page.getByLabel('API key').fill(secret);
    await page.getByRole('button', { name: 'Save key' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('message');
  };
  const chooseSettings = async (page: Page, choices: Record<string, string>) => {
    await page.locator('select[name="model"] option[value="simulator-repeat"]').waitFor({ state: 'attached' });
    await page.locator('.settings-box summary').click();
    for (const [label, value] of Object.entries(choices)) {
      const field = page.getByLabel(label);
      if ((await field.evaluate((element) => element.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await page.locator('.settings-box summary').click(); // collapsed again: the conversation gets the room
  };
  const send = async (page: Page, text: string) => {
    const before = await page.locator('.answer').count();
    await page.getByLabel('Message').fill(text);
    await page.getByLabel('Message').press('Enter');
    const answer = page.locator('.answer').nth(before);
    await expect.poll(() => page.locator('.answer').count()).toBe(before + 1);
    await expect.poll(() => answer.getAttribute('data-status'), { timeout: 20_000 }).toMatch(/^(completed|incomplete|failed)$/);
    return answer;
  };
  /** Inside the window and above the composer: seen without scrolling by hand. */
  const visibleWithoutScrolling = async (page: Page, locator: Locator) => {
    const box = await locator.boundingBox();
    const composer = await page.locator('.composer').boundingBox();
    const viewport = page.viewportSize();
    if (!box || !composer || !viewport) return false;
    return box.y >= 0 && box.y + box.height <= composer.y + 1 && box.x >= 0 && box.x + box.width <= viewport.width + 1;
  };

  beforeAll(async () => {
    ensureWebBuild();
    mkdirSync(ARTIFACTS, { recursive: true });
    test = await startTestServer({ simulator: { tokenDelayMillis: 2, imageDelayMillis: 100 }, auth: { adminKey: ADMIN_KEY } });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await test?.dispose();
  });

  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`${name} ${viewport.width}×${viewport.height}: answer, cost and ignored call in view; reload keeps the conversation; an edit continues it`, async () => {
      const secret = await createKey(`viewport-${name}`);
      const page = await openChat({ viewport, isMobile: name === 'phone', hasTouch: name === 'phone' });
      await saveKey(page, secret);
      await chooseSettings(page, { Model: 'simulator-repeat', 'Images per response': '1', 'Partial images': '1' });
      const answer = await send(page, SEED_PROMPT);
      expect(await answer.getAttribute('data-status')).toBe('completed');
      const ignored = answer.locator('li[data-reason="max_images"]').first();
      for (const part of [answer.locator('.answer-text').last(), answer.getByTestId('answer-cost'), ignored]) {
        await expect.poll(() => visibleWithoutScrolling(page, part)).toBe(true);
      }
      expect(await ignored.textContent()).toContain('image limit reached');
      // Alt text is the prompt the image was drawn from, not a fixed word.
      expect(await answer.locator('figure.image img').getAttribute('alt')).toMatch(/lighthouse/i);
      await page.screenshot({ path: join(ARTIFACTS, `chat-${name}.png`) });

      const firstId = (await answer.getAttribute('data-response-id')) ?? '';
      await page.reload();
      const restored = page.locator(`.answer[data-response-id="${firstId}"]`);
      await expect.poll(() => restored.getAttribute('data-status')).toBe('completed');
      expect(await page.locator('.user-message').first().textContent()).toContain(SEED_PROMPT);
      expect(await page.locator('.conversation-list li').count()).toBe(1);
      await restored.getByRole('button', { name: 'Edit this image' }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('message');
      const edited = await send(page, 'make the sky purple');
      expect(await edited.getAttribute('data-status')).toBe('completed');
      const stored = await storedFinal(edited, secret);
      expect(stored.previous_response_id).toBe(firstId);
      expect(stored.output.find((item) => item.type === 'image_generation_call')?.action).toBe('edit');
      // The edit travels as an image reference; the user's words stay the user's words.
      const input = await api<{ data: Array<{ type: string; content?: Array<{ text?: string }> }> }>(`/v1/responses/${stored.id}/input_items?order=asc`, secret);
      expect(input.data.map((item) => item.type)).toContain('image_generation_call');
      expect(input.data.flatMap((item) => item.content ?? []).map((part) => part.text)).toContain('make the sky purple');
      expect(await page.locator('.user-message').last().textContent()).toBe('You (edit): make the sky purple');
      await page.screenshot({ path: join(ARTIFACTS, `chat-${name}-after-reload-edit.png`) });
      await page.context().close();
    }, 60_000);
  }

  it('no error is shown before a key is entered', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    // Listen first: the models request starts as soon as the page loads.
    const models = page.waitForResponse((response) => response.url().endsWith('/v1/models'));
    await page.goto(`${test.server.url}/`);
    expect((await models).status()).toBe(401);
    await page.getByLabel('API key').waitFor();
    expect(await page.locator('.error, [role="alert"]').count()).toBe(0);
    await page.context().close();
  });

  it('a markdown answer renders a list and code, and HTML in it stays text', async () => {
    const page = await openChat({ viewport: { width: 1280, height: 800 } });
    await saveKey(page, await createKey('markdown'));
    const text = 'Three ideas:\n\n- a **red** fox\n- a `blue` whale\n- an owl\n\n```\ncode <b>here</b>\n```\n<img src=x onerror="window.__xss=1">';
    const response = { id: 'resp_markdown', object: 'response', status: 'completed', model: 'simulator', created_at: 1, output: [{ id: 'msg_md', type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] }], imagegate: { images_generated: 0, ignored_tool_calls: [], warnings: [], cost: { currency: 'USD', total_usd: 0, known: true } } };
    const events = [
      { type: 'response.created', response: { ...response, status: 'in_progress', output: [] } },
      { type: 'response.output_item.added', item: { id: 'msg_md', type: 'message' } },
      { type: 'response.output_text.delta', item_id: 'msg_md', delta: text },
      { type: 'response.completed', response },
    ];
    await page.route('**/v1/responses', (route) =>
      route.fulfill({ status: 200, headers: { 'content-type': 'text/event-stream', 'x-request-id': 'req_markdown' }, body: events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('') }),
    );
    const answer = await send(page, 'give me three ideas');
    expect(await answer.locator('.markdown ul li').allTextContents()).toEqual(['a red fox', 'a blue whale', 'an owl']);
    expect(await answer.locator('.markdown strong').textContent()).toBe('red');
    expect(await answer.locator('.markdown pre code').textContent()).toBe('code <b>here</b>');
    expect(await answer.locator('.markdown img, .markdown b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await answer.getByTestId('request-id').textContent()).toContain('req_markdown');
    await page.context().close();
  });

  it('a pasted image is attached and sent; a dropped one too', async () => {
    const secret = await createKey('paste');
    const page = await openChat({ viewport: { width: 1280, height: 800 } });
    await saveKey(page, secret);
    const png = (await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } }).png().toBuffer()).toString('base64');
    const handOver = async (how: 'paste' | 'drop') =>
      page.evaluate(
        ({ base64, how }) => {
          const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
          const data = new DataTransfer();
          data.items.add(new File([bytes], `${how}.png`, { type: 'image/png' }));
          const target = document.getElementById('message');
          if (how === 'paste') target?.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
          else target?.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        },
        { base64: png, how },
      );
    await handOver('paste');
    await expect.poll(() => page.locator('.attachments li').count()).toBe(1);
    await handOver('drop');
    await expect.poll(() => page.locator('.attachments li').count()).toBe(2);
    expect(await page.locator('.attachments img').first().getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const answer = await send(page, 'what is in these pictures?');
    const input = await api<{ data: Array<{ content?: Array<{ type: string }> }> }>(`/v1/responses/${(await answer.getAttribute('data-response-id')) ?? ''}/input_items`, secret);
    expect(input.data.flatMap((item) => item.content ?? []).filter((part) => part.type === 'input_image')).toHaveLength(2);
    await page.context().close();
  });

  it('a budget-cut answer shows its warning, and the budget left goes down by the cost', async () => {
    // Pays for the image but not for the model step after it: the answer is cut short.
    const secret = await createKey('capped', { max_cost_per_response_usd: 0.0052, budgets: { daily_usd: 1 } });
    const page = await openChat({ viewport: { width: 1280, height: 800 } });
    await saveKey(page, secret);
    const daily = page.locator('[data-testid="budget-left"] [data-scope="daily"]');
    await expect.poll(() => daily.getAttribute('data-left-usd')).toBe('1');
    await chooseSettings(page, { Model: 'simulator', Size: '1024x1024', Quality: 'low', 'Partial images': '0' });
    const answer = await send(page, SEED_PROMPT);
    expect(await answer.getAttribute('data-status')).toBe('incomplete');
    expect(await answer.locator('.warnings li').first().textContent()).toMatch(/cut short before model step 2: This response may cost at most \$0\.0052/);
    expect(await answer.getByRole('alert').textContent()).toContain('cut short');
    const cost = (await storedFinal(answer, secret)).imagegate.cost.total_usd;
    await expect.poll(async () => Math.round(Number(await daily.getAttribute('data-left-usd')) * 1e6)).toBe(Math.round((1 - cost) * 1e6));
    await page.screenshot({ path: join(ARTIFACTS, 'chat-budget-cut.png') });
    await page.context().close();
  }, 30_000);

  it('click-to-enlarge opens the image in a dialog; regenerate replaces the last answer from the same point', async () => {
    const secret = await createKey('regenerate');
    const page = await openChat({ viewport: { width: 1280, height: 800 } });
    await saveKey(page, secret);
    const first = await send(page, SEED_PROMPT);
    await first.getByRole('button', { name: /^Enlarge:/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Enlarged image' });
    await dialog.waitFor();
    expect(await dialog.locator('img').getAttribute('src')).toBe(await first.locator('figure.image img').getAttribute('src'));
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    const second = await send(page, 'another one, please');
    const secondId = (await second.getAttribute('data-response-id')) ?? '';
    await second.getByRole('button', { name: 'Regenerate' }).click();
    await expect.poll(() => second.getAttribute('data-response-id')).not.toBe(secondId);
    await expect.poll(() => second.getAttribute('data-status'), { timeout: 20_000 }).toBe('completed');
    expect(await page.locator('.answer').count()).toBe(2);
    const regenerated = await storedFinal(second, secret);
    expect(regenerated.previous_response_id).toBe(await first.getAttribute('data-response-id'));
    await page.context().close();
  }, 40_000);

  it('Stop ends a slow answer at once; the composer is ready for the next message', async () => {
    const slow = await startTestServer({ simulator: { tokenDelayMillis: 2, imageDelayMillis: 20_000 }, auth: { adminKey: ADMIN_KEY } });
    try {
      const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
      page.setDefaultTimeout(15_000);
      await page.goto(`${slow.server.url}/`);
      const secret = (await (await fetch(`${slow.server.url}/v1/admin/keys`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'stop' }) })).json() as { secret: string }).secret;
      await saveKey(page, secret);
      await page.getByLabel('Message').fill(SEED_PROMPT);
      await page.getByLabel('Message').press('Enter');
      await page.locator('.answer[data-status="streaming"] figure.image').waitFor();
      await page.getByRole('button', { name: 'Stop' }).click();
      await expect.poll(() => page.locator('.answer').first().getAttribute('data-status')).toBe('cancelled');
      expect(await page.locator('.answer').first().getByRole('alert').textContent()).toBe('Stopped.');
      await page.getByLabel('Message').fill('next');
      expect(await page.getByRole('button', { name: 'Send' }).isEnabled()).toBe(true);
      await page.context().close();
    } finally {
      await slow.dispose();
    }
  }, 40_000);

  it('dark mode follows prefers-color-scheme', async () => {
    const page = await openChat({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' });
    await saveKey(page, await createKey('dark'));
    await send(page, SEED_PROMPT);
    const background = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const [red = 255, green = 255, blue = 255] = (background.match(/\d+/g) ?? []).map(Number);
    expect(red + green + blue).toBeLessThan(120);
    await page.screenshot({ path: join(ARTIFACTS, 'chat-dark.png') });
    await page.context().close();
  }, 30_000);

  it('keyboard only: key entry → message → send → "edit this image" → send', async () => {
    const secret = await createKey('keyboard');
    const page = await openChat({ viewport: { width: 1280, height: 800 } });
    const focused = () => page.evaluate(() => ({ id: document.activeElement?.id ?? '', text: document.activeElement?.textContent ?? '', type: (document.activeElement as HTMLInputElement | null)?.type ?? '' }));
    for (let step = 0; step < 10 && (await focused()).type !== 'password'; step++) await page.keyboard.press('Tab');
    expect((await focused()).type).toBe('password');
    await page.keyboard.type(secret);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused()).id).toBe('message');
    await page.keyboard.type(SEED_PROMPT);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.answer').first().getAttribute('data-status'), { timeout: 20_000 }).toBe('completed');
    for (let step = 0; step < 30 && (await focused()).text !== 'Edit this image'; step++) await page.keyboard.press('Shift+Tab');
    expect((await focused()).text).toBe('Edit this image');
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await focused()).id).toBe('message');
    await page.keyboard.type('add a moon');
    await page.keyboard.press('Enter');
    const second = page.locator('.answer').nth(1);
    await expect.poll(() => second.getAttribute('data-status'), { timeout: 20_000 }).toBe('completed');
    const stored = await storedFinal(second, secret);
    expect(stored.output.find((item) => item.type === 'image_generation_call')?.action).toBe('edit');
    await page.context().close();
  }, 40_000);
});
