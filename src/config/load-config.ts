import { readFileSync } from 'node:fs';
import { isNode, parseDocument } from 'yaml';
import { type Config, type ConfigInput, configSchema } from './config-schema.ts';
import { applyObservabilityEnv } from './observability-schema.ts';
import { applyEnvProviders } from './env-providers.ts';

export interface ConfigOverrides {
  configFile?: string | undefined;
  port?: number | undefined;
  host?: string | undefined;
  dataDir?: string | undefined;
}

/** Thrown when a config file or variable is invalid; names the file and the key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Loads the configuration once: embedded defaults, then the config file (JSON or YAML,
 * `--config` or IMAGEGATE_CONFIG), then IMAGEGATE_* variables, then CLI flags.
 */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: ConfigOverrides = {}): Config {
  const file = overrides.configFile ?? env['IMAGEGATE_CONFIG'];
  const loaded = file ? readConfigFile(file) : { value: {}, lineOf: () => undefined };
  const fromFile = loaded.value;
  const merged: Record<string, unknown> = { ...fromFile };
  const setNumber = (key: string, name: string) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return;
    const value = Number(raw);
    if (!Number.isFinite(value)) throw new ConfigError(`${name} must be a number, got '${raw}'`);
    merged[key] = value;
  };
  setNumber('port', 'IMAGEGATE_PORT');
  if (env['IMAGEGATE_HOST']) merged['host'] = env['IMAGEGATE_HOST'];
  if (env['IMAGEGATE_DATA_DIR']) merged['dataDir'] = env['IMAGEGATE_DATA_DIR'];
  const storage = { ...((merged['storage'] as Record<string, unknown> | undefined) ?? {}) };
  if (env['IMAGEGATE_DATABASE_URL']) storage['database'] = env['IMAGEGATE_DATABASE_URL'];
  if (env['IMAGEGATE_BLOB_URL']) storage['blobs'] = env['IMAGEGATE_BLOB_URL'];
  merged['storage'] = storage;
  if (env['IMAGEGATE_LOG_LEVEL']) merged['logLevel'] = env['IMAGEGATE_LOG_LEVEL'];
  if (env['IMAGEGATE_RETIRED_MODELS']) merged['retiredModels'] = env['IMAGEGATE_RETIRED_MODELS'];
  const auth = { ...((merged['auth'] as Record<string, unknown> | undefined) ?? {}) };
  if (env['IMAGEGATE_ADMIN_KEY']) auth['adminKey'] = env['IMAGEGATE_ADMIN_KEY'];
  if (env['IMAGEGATE_KEY_PEPPER']) auth['keyPepper'] = env['IMAGEGATE_KEY_PEPPER'];
  merged['auth'] = auth;
  const limits = { ...((merged['limits'] as Record<string, unknown> | undefined) ?? {}) };
  for (const [key, name] of [
    ['maxImagesPerResponse', 'IMAGEGATE_MAX_IMAGES'],
    ['maxToolCallsPerResponse', 'IMAGEGATE_MAX_TOOL_CALLS'],
    ['maxModelSteps', 'IMAGEGATE_MAX_MODEL_STEPS'],
    ['maxInputImagePixels', 'IMAGEGATE_MAX_INPUT_IMAGE_PIXELS'],
    ['maxConcurrentImageJobs', 'IMAGEGATE_MAX_CONCURRENT_IMAGE_JOBS'],
    ['maxQueuedImageJobs', 'IMAGEGATE_MAX_QUEUED_IMAGE_JOBS'],
    ['imageQueueWaitMillis', 'IMAGEGATE_IMAGE_QUEUE_WAIT_MILLIS'],
    ['maxBodyBytesInFlight', 'IMAGEGATE_MAX_BODY_BYTES_IN_FLIGHT'],
  ] as const) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value)) throw new ConfigError(`${name} must be an integer, got '${raw}'`);
    limits[key] = value;
  }
  merged['limits'] = limits;
  applyObservabilityEnv(merged, env);
  if (overrides.port !== undefined) merged['port'] = overrides.port;
  if (overrides.host !== undefined) merged['host'] = overrides.host;
  if (overrides.dataDir !== undefined) merged['dataDir'] = overrides.dataDir;
  return parseConfig(withRetryTotal(applyEnvProviders(merged, env), env), file ?? 'configuration', loaded.lineOf);
}

/** IMAGEGATE_RETRY_TOTAL_MS bounds every provider's retries that the file does not bound itself. */
function withRetryTotal(config: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const raw = env['IMAGEGATE_RETRY_TOTAL_MS'];
  if (raw === undefined || raw === '') return config;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new ConfigError(`IMAGEGATE_RETRY_TOTAL_MS must be a whole number of milliseconds, got '${raw}'`);
  const providers = (config['providers'] as Record<string, Record<string, unknown>> | undefined) ?? {};
  const bounded = Object.fromEntries(Object.entries(providers).map(([name, provider]) => [name, { retryTotalMillis: value, ...provider }]));
  return { ...config, providers: bounded };
}

export function parseConfig(input: ConfigInput, source = 'configuration', lineOf: LineLocator = () => undefined): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = (issue?.path ?? []).map(String);
    const line = lineOf(path);
    const key = path.join('.') || '(root)';
    throw new ConfigError(`${source}${line ? `:${line}` : ''}: invalid '${key}': ${issue?.message ?? 'invalid value'}`);
  }
  return result.data;
}

/** The 1-based line of a key path in the config file, when known. */
type LineLocator = (path: string[]) => number | undefined;

function readConfigFile(file: string): { value: ConfigInput; lineOf: LineLocator } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${file}: ${(cause as Error).message}`);
  }
  // JSON is YAML too, so one parser gives line numbers for both.
  const document = parseDocument(text, { prettyErrors: true });
  const error = document.errors[0];
  if (error) throw new ConfigError(`${file}:${error.linePos?.[0]?.line ?? '?'}: ${error.message.split('\n')[0]}`);
  const lineOf: LineLocator = (path) => {
    for (let length = path.length; length > 0; length--) {
      const node = document.getIn(path.slice(0, length), true);
      if (isNode(node) && node.range) return lineAt(text, node.range[0]);
    }
    return undefined;
  };
  return { value: (document.toJS() ?? {}) as ConfigInput, lineOf };
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index++) if (text[index] === '\n') line++;
  return line;
}
