import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ConfigInput } from '../../src/config/config-schema.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import type { ServiceOverrides } from '../../src/server/create-services.ts';
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
export async function startTestServer(config: Partial<ConfigInput> = {}, dataDir?: string, overrides: ServiceOverrides = {}): Promise<TestServer> {
  const directory = dataDir ?? mkdtempSync(join(tmpdir(), 'imagegate-test-'));
  const server = await startServer(parseConfig({ port: 0, dataDir: directory, logLevel: 'silent', ...config }), overrides);
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

/** Our extension block on a response, for assertions. */
export interface ImagegateInfo {
  simulated: boolean;
  resolved_model: string;
  images_generated: number;
  ignored_tool_calls: Array<{ call_id: string; prompt: string | null; reason: string; reused_item_id?: string }>;
  limits: { max_tool_calls: number | null; max_images: number | null; exact_images: number | null };
}

export function imagegateOf(response: unknown): ImagegateInfo {
  return (response as { imagegate: ImagegateInfo }).imagegate;
}

/** An image_generation_call item with the fields OpenAI sends but its SDK types omit. */
export interface ImageItem {
  id: string;
  type: 'image_generation_call';
  status: string;
  result: string;
  size: string;
  quality: string;
  output_format: string;
  background: string;
  action: string;
  revised_prompt: string;
}

export function imagesOf(response: { output: ReadonlyArray<{ type: string }> }): ImageItem[] {
  return response.output.filter((item) => item.type === 'image_generation_call') as unknown as ImageItem[];
}

/** Request bodies with fields the installed SDK's types may lack (ours and newer OpenAI ones). */
export type LooseBody = Record<string, unknown>;
