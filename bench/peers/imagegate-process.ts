// imagegate as `npm start` runs it, routed to the fake upstream by a config file.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ServerProcessOptions } from '../server-process.ts';

/** Client-facing model names the bench sends. */
export const MODELS = {
  /** gpt-4.1 through imagegate's own tool loop (the Responses API of the OpenAI provider). */
  toolLoop: 'gpt-4.1',
  /** gpt-4.1 as a passthrough route (OpenAI's hosted tools; imagegate relays and prices). */
  passthrough: 'gpt-4.1-passthrough',
  /** gpt-4.1 over Chat Completions (`api: chat`). */
  chat: 'gpt-4.1-chat',
  image: 'gpt-image-2',
} as const;

/**
 * The argv after `node` of `npm start` (read from package.json, so a compiled start script is what
 * gets measured once it lands). A `prestart` script is run once first, as npm would.
 */
export function npmStartCommand(repoRoot: string): string[] {
  const packageJson = JSON.parse(readFileSync(resolve(repoRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const start = packageJson.scripts?.['start'];
  const words = start?.trim().split(/\s+/) ?? [];
  if (words[0] !== 'node' || words.length < 2 || /[&|;<>]/.test(start ?? '')) {
    throw new Error(`package.json "start" must be a single 'node …' command for the bench to run it without npm; it is ${JSON.stringify(start)}`);
  }
  if (packageJson.scripts?.['prestart'] !== undefined) execFileSync('npm', ['run', 'prestart'], { cwd: repoRoot, stdio: 'inherit', timeout: 300_000 });
  return words.slice(1);
}

/** How many image responses run at once, how many wait for a slot, and for how long (`limits.*ImageJobs`). */
export interface ImageJobSlots {
  running: number;
  queued: number;
  queueWaitMillis: number;
}

/**
 * Config: one OpenAI provider at the fake upstream; the image slots as `slots` says (the defaults,
 * 8 running + 256 queued for 30 s, would answer most of a 1,000-request burst with 503).
 */
export async function imagegateOptions(repoRoot: string, upstreamUrl: string, slots: ImageJobSlots): Promise<ServerProcessOptions> {
  const dir = await mkdtemp(join(tmpdir(), 'imagegate-peers-config-'));
  const configFile = join(dir, 'imagegate.json');
  const config = {
    providers: { upstream: { type: 'openai', baseURL: `${upstreamUrl}/v1`, apiKey: 'sk-bench-not-a-key' } },
    models: {
      [MODELS.toolLoop]: { provider: 'upstream', imageModel: MODELS.image },
      [MODELS.passthrough]: { provider: 'upstream', model: 'gpt-4.1', passthrough: true },
      [MODELS.chat]: { provider: 'upstream', model: 'gpt-4.1', api: 'chat', imageModel: MODELS.image },
    },
    imageModels: { [MODELS.image]: { provider: 'upstream' } },
    defaultImageModel: MODELS.image,
    unknownModels: 'reject',
    limits: { maxConcurrentImageJobs: slots.running, maxQueuedImageJobs: slots.queued, imageQueueWaitMillis: slots.queueWaitMillis },
  };
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  return { command: npmStartCommand(repoRoot), env: { IMAGEGATE_CONFIG: configFile } };
}
