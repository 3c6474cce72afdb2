import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { loggerOptions } from '../observability/logger-options.ts';
import { directoryReadiness, sqliteReadiness } from '../observability/readiness.ts';
import { createTelemetry } from '../observability/telemetry.ts';
import { tracedStore } from '../observability/traced-store.ts';
import type { Config } from '../config/config-schema.ts';
import { type IdGenerator, randomIdGenerator } from '../ids/id-generator.ts';
import { ImageJobGate } from '../policy/image-job-gate.ts';
import { RateLimiter } from '../policy/rate-limiter.ts';
import { type PartialCatalog, createPriceCatalog } from '../pricing/index.ts';
import { withConfiguredPrices } from '../providers/registry/configured-prices.ts';
import { defaultProviderFactories } from '../providers/registry/default-factories.ts';
import type { ProviderFactories } from '../providers/registry/provider-factories.ts';
import { ProviderRegistry } from '../providers/registry/provider-registry.ts';
import type { ImageModel } from '../providers/spec/image-model.ts';
import type { Services } from '../service/services.ts';
import { createFsBlobStore } from '../storage/fs-blob-store.ts';
import { createSqliteStores } from '../storage/sqlite/create-sqlite-stores.ts';
import type { ResponseStore } from '../storage/response-store.ts';
import { reconcileInterruptedWork } from './reconcile-interrupted-work.ts';

export interface ServiceOverrides {
  generateId?: IdGenerator;
  /** Replaces the offline image backend. */
  imageModel?: ImageModel;
  /** Replaces the provider adapters (tests point them at local fakes). */
  factories?: ProviderFactories;
  now?: () => number;
  /** Wraps the response store (tests inject storage faults). */
  wrapResponseStore?: (store: ResponseStore) => ResponseStore;
}

export type RunningServices = Services & { paths: { database: string; blobs: string }; close(): Promise<void> };

/** Builds the services from config: SQLite + files under dataDir, providers from the registry. */
export async function createServices(config: Config, overrides: ServiceOverrides = {}): Promise<RunningServices> {
  const dataDir = resolve(config.dataDir);
  const blobDir = join(dataDir, 'blobs');
  mkdirSync(blobDir, { recursive: true });
  const database = join(dataDir, 'imagegate.sqlite');
  const now = overrides.now ?? Date.now;
  const registry = new ProviderRegistry(config, overrides.factories ?? defaultProviderFactories, { imageModel: overrides.imageModel, now });
  // Prices set on self-hosted routes join the catalog, so one pricing path charges every backend.
  const catalog = createPriceCatalog(withConfiguredPrices(config.pricing.overrides, registry.configuredPrices()));
  const stores = await createSqliteStores({ file: database, blobStore: createFsBlobStore({ rootDir: blobDir }), pepper: keyPepper(config, dataDir), now });
  const logger = pino(loggerOptions(config.logLevel));
  const services: RunningServices = {
    config,
    registry,
    store: tracedStore('response_store', overrides.wrapResponseStore ? overrides.wrapResponseStore(stores.responses) : stores.responses),
    keys: stores.keys,
    budgets: tracedStore('budget_store', stores.budgets),
    usage: stores.usage,
    catalog,
    rateLimiter: new RateLimiter(now),
    imageJobs: new ImageJobGate({
      maxRunning: config.limits.maxConcurrentImageJobs,
      maxQueued: config.limits.maxQueuedImageJobs,
      maxWaitMillis: config.limits.imageQueueWaitMillis,
    }),
    generateId: overrides.generateId ?? randomIdGenerator,
    now,
    logger,
    telemetry: createTelemetry({ catalog, keys: stores.keys, budgets: stores.budgets, now, readiness: [sqliteReadiness(database), directoryReadiness('blob_store', blobDir)] }),
    paths: { database, blobs: blobDir },
    close: () => {
      services.telemetry.close();
      return stores.close();
    },
  };
  const reconciled = await reconcileInterruptedWork(services);
  if (reconciled.responses > 0 || reconciled.reservations > 0) {
    logger.warn(reconciled, 'reconciled work interrupted by the last shutdown');
  }
  return services;
}

/**
 * The secret mixed into API key hashes: from config, else generated once into the data
 * directory (mode 0600) so hashes stay valid across restarts and out of the database.
 */
function keyPepper(config: Config, dataDir: string): string {
  if (config.auth.keyPepper) return config.auth.keyPepper;
  const file = join(dataDir, 'key-pepper');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return readFileSync(file, 'utf8').trim();
}
