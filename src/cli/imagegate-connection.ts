import type { Command } from 'commander';
import OpenAI, { APIConnectionError } from 'openai';
import { loadConfig } from '../config/load-config.ts';
import { type CliConnection, CliApiError, connectionFromEnv } from './api-client.ts';
import { describeError } from './report-error.ts';
import { CliUsageError } from './cli-usage-error.ts';

/** Where a command talks to imagegate: a running server, or one started in-process (`--local`). */
export interface ConnectionFlags {
  baseUrl?: string;
  apiKey?: string;
  local?: boolean;
  dataDir?: string;
  config?: string;
}

/** Variables a key is read from, first set wins. */
const KEY_VARIABLES = ['IMAGEGATE_API_KEY', 'OPENAI_API_KEY'];

export function addConnectionOptions(command: Command): Command {
  return command
    .option('--base-url <url>', 'imagegate server (env IMAGEGATE_BASE_URL, default http://127.0.0.1:8787)')
    .option('--api-key <key>', 'API key (env IMAGEGATE_API_KEY, else OPENAI_API_KEY)')
    .option('--local', 'start imagegate in this process on a free loopback port for this command')
    .option('-d, --data-dir <dir>', 'with --local: data directory (env IMAGEGATE_DATA_DIR, default ./data)')
    .option('-c, --config <file>', 'with --local: config file, JSON or YAML (env IMAGEGATE_CONFIG)');
}

/**
 * Runs `work` with an OpenAI client pointed at imagegate. With `--local` the server is started
 * here first (normal config loading, port 0 on 127.0.0.1, logs off so stdout stays clean) and
 * closed afterwards, whatever happens.
 */
export async function withImagegate<T>(flags: ConnectionFlags, work: (client: OpenAI, connection: CliConnection) => Promise<T>): Promise<T> {
  if (!flags.local) {
    if (flags.dataDir !== undefined || flags.config !== undefined) throw new CliUsageError('--data-dir and --config need --local');
    const connection = connectionFromEnv(process.env, flags, KEY_VARIABLES);
    return explainConnectionErrors(connection, () => work(createImagegateClient(connection), connection));
  }
  if (flags.baseUrl !== undefined) throw new CliUsageError('--local and --base-url cannot be combined');
  const config = loadConfig(process.env, { configFile: flags.config, port: 0, host: '127.0.0.1', dataDir: flags.dataDir ?? process.env['IMAGEGATE_DATA_DIR'] ?? './data' });
  const { startServer } = await import('../server/start-server.ts');
  const server = await startServer({ ...config, logLevel: 'silent' });
  try {
    const connection = connectionFromEnv({ ...process.env, IMAGEGATE_BASE_URL: server.url }, { apiKey: flags.apiKey }, KEY_VARIABLES);
    return await work(createImagegateClient(connection), connection);
  } finally {
    await server.close();
  }
}

/**
 * The official client, configured only from our connection: no OPENAI_* organization, project
 * or base URL leaks in from the environment, no retries (a retried generation is paid twice),
 * and no Authorization header at all when there is no key (an open server needs none).
 */
export function createImagegateClient(connection: CliConnection): OpenAI {
  return new OpenAI({
    baseURL: `${connection.baseUrl}/v1`,
    apiKey: connection.apiKey ?? 'no-key',
    organization: null,
    project: null,
    maxRetries: 0,
    ...(connection.apiKey ? {} : { defaultHeaders: { Authorization: null } }),
  });
}

/** "Connection error." says nothing about where: name the server the CLI tried. */
async function explainConnectionErrors<T>(connection: CliConnection, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof APIConnectionError) throw new CliApiError(0, `${describeError(error)} (at ${connection.baseUrl}; set IMAGEGATE_BASE_URL or --base-url, or use --local)`);
    throw error;
  }
}
