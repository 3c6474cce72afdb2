import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import type { Output } from '../output.ts';

/**
 * `imagegate migrate`: brings the database named by storage.database / IMAGEGATE_DATABASE_URL
 * (or the data folder's SQLite file) up to date, then exits. `serve` migrates at start too;
 * this lets a deployment migrate once, before rolling out instances. Safe to run concurrently
 * (PostgreSQL: one advisory lock).
 */
export function registerMigrateCommand(program: Command, output: Output): void {
  program
    .command('migrate')
    .description('apply pending database migrations (PostgreSQL or SQLite) and exit')
    .option('--database <url>', 'postgres:// URL or SQLite file (env IMAGEGATE_DATABASE_URL, default <data-dir>/imagegate.sqlite)')
    .option('-d, --data-dir <dir>', 'data folder (env IMAGEGATE_DATA_DIR, default ./data)')
    .option('-c, --config <file>', 'config file, JSON or YAML (env IMAGEGATE_CONFIG)')
    .action(async (options: { database?: string; dataDir?: string; config?: string }) => {
      const env = options.database === undefined ? process.env : { ...process.env, IMAGEGATE_DATABASE_URL: options.database };
      const config = loadConfig(env, { configFile: options.config, dataDir: options.dataDir });
      // Loaded on demand, like serve: the client commands start faster without the storage code.
      const { migrateDatabase } = await import('../../server/migrate-database.ts');
      output.line(`migrated ${await migrateDatabase(config)}`);
    });
}
