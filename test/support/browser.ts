import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { WEB_DIST_DIRECTORY } from '../../src/http/web-ui.ts';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`[browser tests] skipped: ${CHROMIUM} is missing (apt-get install -y chromium).`);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** Builds `web/dist` when it is missing or older than any file under `web/src`. */
export function ensureWebBuild(): void {
  const index = join(WEB_DIST_DIRECTORY, 'index.html');
  const newestSource = (directory: string): number =>
    Math.max(...readdirSync(directory, { withFileTypes: true }).map((entry) => (entry.isDirectory() ? newestSource(join(directory, entry.name)) : statSync(join(directory, entry.name)).mtimeMs)));
  if (existsSync(index) && statSync(index).mtimeMs >= newestSource(join(ROOT, 'web', 'src'))) return;
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'web/vite.config.ts'], { cwd: ROOT, stdio: 'inherit' });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
