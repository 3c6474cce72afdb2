import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type Config, type ConfigInput, configSchema } from './config-schema.ts';

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
  const fromFile = file ? readConfigFile(file) : {};
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
  if (env['IMAGEGATE_LOG_LEVEL']) merged['logLevel'] = env['IMAGEGATE_LOG_LEVEL'];
  const limits = { ...((merged['limits'] as Record<string, unknown> | undefined) ?? {}) };
  for (const [key, name] of [
    ['maxImagesPerResponse', 'IMAGEGATE_MAX_IMAGES'],
    ['maxToolCallsPerResponse', 'IMAGEGATE_MAX_TOOL_CALLS'],
    ['maxModelSteps', 'IMAGEGATE_MAX_MODEL_STEPS'],
  ] as const) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isInteger(value)) throw new ConfigError(`${name} must be an integer, got '${raw}'`);
    limits[key] = value;
  }
  merged['limits'] = limits;
  if (overrides.port !== undefined) merged['port'] = overrides.port;
  if (overrides.host !== undefined) merged['host'] = overrides.host;
  if (overrides.dataDir !== undefined) merged['dataDir'] = overrides.dataDir;
  return parseConfig(merged as ConfigInput, file ?? 'configuration');
}

export function parseConfig(input: ConfigInput, source = 'configuration'): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue?.path.join('.') || '(root)';
    throw new ConfigError(`${source}: invalid '${key}': ${issue?.message ?? 'invalid value'}`);
  }
  return result.data;
}

function readConfigFile(file: string): ConfigInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new ConfigError(`cannot read config file ${file}: ${(cause as Error).message}`);
  }
  try {
    const value: unknown = file.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    return (value ?? {}) as ConfigInput;
  } catch (cause) {
    const linePos = (cause as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new ConfigError(`${file}${linePos ? `:${linePos}` : ''}: ${(cause as Error).message}`);
  }
}
