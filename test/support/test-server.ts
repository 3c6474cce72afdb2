import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ConfigInput } from '../../src/config/config-schema.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import { type RunningServer, startServer } from '../../src/server/start-server.ts';

export interface TestServer {
  server: RunningServer;
  client: OpenAI;
  dataDir: string;
  /** Stops the server; keeps the data directory (for restart tests). */
  stop(): Promise<void>;
  /** Stops the server and deletes its data. */
  dispose(): Promise<void>;
}

/** A real imagegate listener on a free loopback port, with its own data directory. */
export async function startTestServer(config: Partial<ConfigInput> = {}, dataDir?: string): Promise<TestServer> {
  const directory = dataDir ?? mkdtempSync(join(tmpdir(), 'imagegate-test-'));
  const server = await startServer(parseConfig({ port: 0, dataDir: directory, logLevel: 'silent', ...config }));
  const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'test-key', maxRetries: 0 });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.close();
  };
  return {
    server,
    client,
    dataDir: directory,
    stop,
    async dispose() {
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** The tool exactly as the seed's developer sends it. */
export const SEED_IMAGE_TOOL = {
  type: 'image_generation',
  size: 'auto',
  quality: 'medium',
  output_format: 'jpeg',
  background: 'auto',
  moderation: 'low',
} as const;
