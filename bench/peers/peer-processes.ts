// Starting the fake upstream and Portkey's gateway, and the headers that route through Portkey.
import { resolve } from 'node:path';
import { type Child, freePort, startChild } from './child-process.ts';

export interface Peer {
  readonly child: Child;
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
}

const UPSTREAM_BANNER = /^fake upstream listening on (http:\/\/127\.0\.0\.1:\d+)/m;

export async function startFakeUpstream(repoRoot: string): Promise<Peer> {
  const child = await startChild({
    name: 'fake upstream',
    args: ['--import', 'tsx', resolve(repoRoot, 'bench/peers/fake-upstream.ts')],
    cwd: repoRoot,
    ready: (started) => UPSTREAM_BANNER.test(started.stdout()),
  });
  const url = UPSTREAM_BANNER.exec(child.stdout())?.[1];
  if (url === undefined) throw new Error('fake upstream printed no URL');
  return { child, url };
}

/**
 * Portkey's open-source gateway as `npx @portkey-ai/gateway` runs it (its bin, build/start-server.js),
 * on an explicit free port (its default, 8787, is imagegate's too), kept on 127.0.0.1 by a preload.
 */
export async function startPortkey(repoRoot: string): Promise<Peer> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startChild({
    name: 'Portkey gateway',
    args: ['--import', resolve(repoRoot, 'bench/peers/loopback-only.mjs'), resolve(repoRoot, 'node_modules/@portkey-ai/gateway/build/start-server.js'), `--port=${port}`, '--headless'],
    cwd: repoRoot,
    ready: async () => (await fetch(`${url}/`, { signal: AbortSignal.timeout(1000) })).ok,
  });
  return { child, url };
}

/** Portkey's documented way to reach an OpenAI-compatible base URL: provider `openai` plus a custom host. */
export function portkeyHeaders(upstreamUrl: string): Record<string, string> {
  return { 'x-portkey-provider': 'openai', 'x-portkey-custom-host': `${upstreamUrl}/v1`, authorization: 'Bearer sk-bench-not-a-key' };
}
