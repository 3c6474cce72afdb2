import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { loadConfig } from '../config/load-config.ts';
import { registerChatCommand } from './commands/chat.ts';
import { registerEditCommand } from './commands/edit.ts';
import { registerImageCommand } from './commands/image.ts';
import { registerKeysCommands } from './commands/keys.ts';
import { registerMigrateCommand } from './commands/migrate.ts';
import { registerUsageCommand } from './commands/usage.ts';
import { stdoutOutput } from './output.ts';
import { EXIT_OK, describeError, exitCodeFor } from './report-error.ts';

/** The version a user installed: package.json, read from beside the sources (works from a clone and from the tarball). */
const PACKAGE_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const program = new Command()
  .name('imagegate')
  .version(PACKAGE_VERSION, '-V, --version', 'print the imagegate version')
  .description('OpenAI Responses API server that runs image generation under limits the server enforces')
  // Usage errors end in exit code 2 (see report-error.ts) rather than commander's 1; subcommands inherit this.
  .exitOverride()
  .showHelpAfterError('(add --help for usage)');

program
  .command('serve')
  .description('start the HTTP server')
  .option('-p, --port <port>', 'port to listen on (env IMAGEGATE_PORT, default 8787)', parsePort)
  .option('--host <host>', 'address to bind (env IMAGEGATE_HOST, default 127.0.0.1)')
  .option('-d, --data-dir <dir>', 'where the database and images live (env IMAGEGATE_DATA_DIR, default ./data)')
  .option('-c, --config <file>', 'config file, JSON or YAML (env IMAGEGATE_CONFIG)')
  .action(async (options: { port?: number; host?: string; dataDir?: string; config?: string }) => {
    const config = loadConfig(process.env, { configFile: options.config, port: options.port, host: options.host, dataDir: options.dataDir });
    // Loaded on demand: the client commands start faster without the whole server.
    const { startServer } = await import('../server/start-server.ts');
    const server = await startServer(config);
    process.stdout.write(`${server.banner}\n`);
    const stop = () => {
      void server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

registerImageCommand(program, stdoutOutput);
registerEditCommand(program, stdoutOutput);
registerChatCommand(program, stdoutOutput);
registerKeysCommands(program, stdoutOutput);
registerUsageCommand(program, stdoutOutput);
registerMigrateCommand(program, stdoutOutput);

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('port must be an integer 0-65535');
  return port;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const code = exitCodeFor(error);
  // Commander printed its own errors (and help) already.
  if (!(error instanceof CommanderError)) process.stderr.write(`imagegate: ${describeError(error)}\n`);
  process.exit(code === EXIT_OK ? 0 : code);
}
