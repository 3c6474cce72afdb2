import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { logDestination } from '../observability/log-destination.ts';
import { loggerOptions } from '../observability/logger-options.ts';
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
import { BackgroundRuns } from '../service/background/background-runs.ts';
import type { ScheduleAfter } from '../http/websocket/responses-session.ts';
import { CompactionSeal } from '../service/compaction/compaction-seal.ts';
import type { Services } from '../service/services.ts';
import type { BudgetStore } from '../storage/budget-store.ts';
import type { InstanceStore } from '../storage/instance-store.ts';
import { isPostgresUrl } from '../storage/postgres/open-postgres-kysely.ts';
import type { ResponseStore } from '../storage/response-store.ts';
import { openStorage } from './open-storage.ts';
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
  /** Wraps the budget store (tests act between two settlements). */
  wrapBudgetStore?: (store: BudgetStore) => BudgetStore;
  /** Schedules the WebSocket connection limit (tests fire it by hand instead of waiting an hour). */
  scheduleAfter?: ScheduleAfter;
}

export type RunningServices = Services & {
  paths: { database: string; blobs: string };
  labels: { database: string; blobs: string };
  instances: InstanceStore;
  /** Stops the lease, releases what this instance still holds, closes the stores. */
  close(): Promise<void>;
};

/** How often background work looks for a cancel recorded by another instance, and followers for events it logged. */
const backgroundPollMillis = 250;

/** Builds the services from config: storage per `storage` (SQLite + files under dataDir by default), providers from the registry. */
export async function createServices(config: Config, overrides: ServiceOverrides = {}): Promise<RunningServices> {
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const now = overrides.now ?? Date.now;
  const registry = new ProviderRegistry(config, overrides.factories ?? defaultProviderFactories, { imageModel: overrides.imageModel, now });
  // Prices set on self-hosted routes join the catalog, so one pricing path charges every backend.
  const catalog = createPriceCatalog(withConfiguredPrices(config.pricing.overrides, registry.configuredPrices()));
  const pepper = keyPepper(config, dataDir);
  const storage = await openStorage(config, { pepper, now });
  const { stores } = storage;
  const logger = pino(loggerOptions(config.logLevel), logDestination());
  const services: RunningServices = {
    config,
    registry,
    store: tracedStore('response_store', overrides.wrapResponseStore ? overrides.wrapResponseStore(stores.responses) : stores.responses),
    conversations: tracedStore('conversation_store', stores.conversations),
    keys: stores.keys,
    budgets: tracedStore('budget_store', overrides.wrapBudgetStore ? overrides.wrapBudgetStore(stores.budgets) : stores.budgets),
    usage: stores.usage,
    files: stores.files,
    catalog,
    rateLimiter: new RateLimiter(stores.rateLimits, now),
    imageJobs: new ImageJobGate({
      maxRunning: config.limits.maxConcurrentImageJobs,
      maxQueued: config.limits.maxQueuedImageJobs,
      maxWaitMillis: config.limits.imageQueueWaitMillis,
    }),
    generateId: overrides.generateId ?? randomIdGenerator,
    now,
    logger,
    telemetry: createTelemetry({ catalog, keys: stores.keys, budgets: stores.budgets, now, readiness: storage.readiness }),
    backgroundRuns: new BackgroundRuns({ events: stores.responseEvents, logger, pollMillis: backgroundPollMillis }),
    responseEvents: stores.responseEvents,
    compactionSeal: new CompactionSeal(pepper),
    paths: storage.paths,
    labels: { database: storage.databaseLabel, blobs: storage.blobLabel },
    instances: stores.instances,
    close: async () => {
      clearInterval(leaseTimer);
      // Background work has no client to wait for: it ends `failed`, stored, before the lease goes.
      await services.backgroundRuns.stopAll();
      await stores.instances.retire();
      await reconcile('released work this instance still held at shutdown');
      services.telemetry.close();
      await stores.close();
    },
  };
  // Registered before serving anything: another instance reconciling must see this one live.
  await stores.instances.renew();
  const reconcile = async (message: string): Promise<void> => {
    const reconciled = await reconcileInterruptedWork(services, stores.instances);
    if (reconciled.responses > 0 || reconciled.reservations > 0) logger.warn(reconciled, message);
  };
  await reconcile('reconciled work interrupted by the last shutdown');
  // Renews the lease and, while running, reconciles instances that died meanwhile.
  let ticking = false;
  const leaseTimer = setInterval(() => {
    if (ticking) return;
    ticking = true;
    void (async () => {
      try {
        const renewed = await stores.instances.renew();
        // Stalled past its lease and grace, this instance was fenced by another: what it had in flight fails.
        if (renewed.reestablished) logger.warn({ released: renewed.released }, 'this instance was fenced by another one and registered again');
        await reconcile('reconciled the work of an instance whose lease expired');
      } catch (error) {
        logger.error({ err: error }, 'renewing the instance lease failed');
      } finally {
        ticking = false;
      }
    })();
  }, Math.max(250, Math.floor(config.storage.leaseMillis / 3)));
  leaseTimer.unref();
  return services;
}

/**
 * The secret mixed into API key hashes: from config, else generated once into the data
 * directory (mode 0600) so hashes stay valid across restarts and out of the database.
 */
function keyPepper(config: Config, dataDir: string): string {
  if (config.auth.keyPepper) return config.auth.keyPepper;
  if (config.storage.database !== undefined && isPostgresUrl(config.storage.database)) {
    // Instances on other hosts would generate other peppers, and each would reject the others' keys.
    throw new Error('A PostgreSQL database is shared by instances: set the same IMAGEGATE_KEY_PEPPER (auth.keyPepper) on every one');
  }
  const file = join(dataDir, 'key-pepper');
  try {
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    // Another process on the same data folder wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}
