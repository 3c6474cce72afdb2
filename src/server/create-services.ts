import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pino from 'pino';
import type { Config } from '../config/config-schema.ts';
import { type IdGenerator, randomIdGenerator } from '../ids/id-generator.ts';
import type { ImageModel } from '../providers/spec/image-model.ts';
import { defaultProviderFactories } from '../providers/registry/default-factories.ts';
import type { ProviderFactories } from '../providers/registry/provider-factories.ts';
import { ProviderRegistry } from '../providers/registry/provider-registry.ts';
import type { Services } from '../service/services.ts';
import { createFsBlobStore } from '../storage/fs-blob-store.ts';
import { createSqliteResponseStore } from '../storage/sqlite/create-sqlite-response-store.ts';

export interface ServiceOverrides {
  generateId?: IdGenerator;
  /** Replaces the offline image backend. */
  imageModel?: ImageModel;
  /** Replaces the provider adapters (tests point them at local fakes). */
  factories?: ProviderFactories;
  now?: () => number;
}

/** Builds the services from config: SQLite + files under dataDir, providers from the registry. */
export async function createServices(config: Config, overrides: ServiceOverrides = {}): Promise<Services & { paths: { database: string; blobs: string } }> {
  const dataDir = resolve(config.dataDir);
  const blobDir = join(dataDir, 'blobs');
  mkdirSync(blobDir, { recursive: true });
  const database = join(dataDir, 'imagegate.sqlite');
  const blobStore = createFsBlobStore({ rootDir: blobDir });
  const store = await createSqliteResponseStore({ file: database, blobStore });
  return {
    config,
    registry: new ProviderRegistry(config, overrides.factories ?? defaultProviderFactories, { imageModel: overrides.imageModel }),
    store,
    generateId: overrides.generateId ?? randomIdGenerator,
    now: overrides.now ?? Date.now,
    logger: pino({ level: config.logLevel, name: 'imagegate' }),
    paths: { database, blobs: blobDir },
  };
}
