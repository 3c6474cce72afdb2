import type { Logger } from 'pino';
import type { Config } from '../config/config-schema.ts';
import type { IdGenerator } from '../ids/id-generator.ts';
import type { ProviderRegistry } from '../providers/registry/provider-registry.ts';
import type { ResponseStore } from '../storage/response-store.ts';

/** Everything a request handler needs, built once at startup and injected. */
export interface Services {
  config: Config;
  registry: ProviderRegistry;
  store: ResponseStore;
  generateId: IdGenerator;
  /** Current time in milliseconds; injected so tests control it. */
  now: () => number;
  logger: Logger;
}
