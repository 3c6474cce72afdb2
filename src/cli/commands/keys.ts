import { type Command, InvalidArgumentError } from 'commander';
import { type CliConnection, CliApiError, callApi as callAnyApi, connectionFromEnv } from '../api-client.ts';
import { type Output, printTable } from '../output.ts';

interface PolicyFlags {
  models?: string;
  maxImages?: number;
  exactImages?: number;
  maxCostUsd?: number;
  dailyUsd?: number;
  monthlyUsd?: number;
  totalUsd?: number;
  requestsPerMinute?: number;
  imagesPerMinute?: number;
}

/** `imagegate keys create|list|update|revoke`: the admin API from a terminal (admin key: IMAGEGATE_ADMIN_KEY). */
export function registerKeysCommands(program: Command, output: Output): void {
  const keys = program
    .command('keys')
    .description('manage API keys through the admin API (needs IMAGEGATE_ADMIN_KEY or --admin-key)')
    .option('--base-url <url>', 'imagegate server (env IMAGEGATE_BASE_URL, default http://127.0.0.1:8787)')
    .option('--admin-key <key>', 'admin key (env IMAGEGATE_ADMIN_KEY)')
    .option('--json', 'print JSON for scripts');
  const connect = (): CliConnection => {
    const options = keys.opts<{ baseUrl?: string; adminKey?: string }>();
    return connectionFromEnv(process.env, { baseUrl: options.baseUrl, apiKey: options.adminKey }, ['IMAGEGATE_ADMIN_KEY']);
  };
  const json = () => keys.opts<{ json?: boolean }>().json === true;
  const callApi = (connection: CliConnection, method: string, path: string, body?: unknown) => callAdminApi(connection, method, path, body);

  withPolicyFlags(keys.command('create <name>').description('create a key; its secret is shown once'))
    .action(async (name: string, flags: PolicyFlags) => {
      const created = (await callApi(connect(), 'POST', '/v1/admin/keys', { name, policy: policyFromFlags(flags) })) as Record<string, unknown>;
      if (json()) return output.json(created);
      output.line(`created ${String(created['id'])} (${String(created['name'])})`);
      output.line(`secret (shown once, store it now): ${String(created['secret'])}`);
    });

  keys
    .command('list')
    .description('list keys (prefix, policy, revoked)')
    .action(async () => {
      const listed = (await callApi(connect(), 'GET', '/v1/admin/keys')) as { data: Array<Record<string, unknown>> };
      if (json()) return output.json(listed);
      printTable(output, ['id', 'name', 'prefix', 'revoked', 'policy'], listed.data.map((key) => [String(key['id']), String(key['name']), String(key['prefix']), key['revoked_at'] ? 'yes' : 'no', JSON.stringify(key['policy'])]));
    });

  withPolicyFlags(keys.command('update <id>').description("replace a key's policy (and/or rename it)").option('--name <name>', 'new name'))
    .action(async (id: string, flags: PolicyFlags & { name?: string }) => {
      const policy = policyFromFlags(flags);
      const body = { ...(flags.name ? { name: flags.name } : {}), ...(Object.keys(policy).length > 0 ? { policy } : {}) };
      const updated = await callApi(connect(), 'PATCH', `/v1/admin/keys/${encodeURIComponent(id)}`, body);
      if (json()) return output.json(updated);
      output.line(`updated ${id}`);
    });

  keys
    .command('revoke <id>')
    .description('revoke a key; it never authenticates again')
    .action(async (id: string) => {
      const revoked = await callApi(connect(), 'DELETE', `/v1/admin/keys/${encodeURIComponent(id)}`);
      if (json()) return output.json(revoked);
      output.line(`revoked ${id}`);
    });
}

function withPolicyFlags(command: Command): Command {
  return command
    .option('--models <list>', 'allowed models, comma-separated')
    .option('--max-images <n>', 'max images per response', integer)
    .option('--exact-images <n>', 'exactly this many images per response', integer)
    .option('--max-cost-usd <usd>', 'max cost per response', dollars)
    .option('--daily-usd <usd>', 'daily budget', dollars)
    .option('--monthly-usd <usd>', 'monthly budget', dollars)
    .option('--total-usd <usd>', 'lifetime budget', dollars)
    .option('--requests-per-minute <n>', 'request rate limit', integer)
    .option('--images-per-minute <n>', 'image rate limit', integer);
}

function policyFromFlags(flags: PolicyFlags): Record<string, unknown> {
  const budgets = { daily_usd: flags.dailyUsd, monthly_usd: flags.monthlyUsd, total_usd: flags.totalUsd };
  const rates = { requests_per_minute: flags.requestsPerMinute, images_per_minute: flags.imagesPerMinute };
  const defined = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
  return defined({
    allowed_models: flags.models?.split(',').map((model) => model.trim()).filter(Boolean),
    max_images_per_response: flags.maxImages,
    exact_images: flags.exactImages,
    max_cost_per_response_usd: flags.maxCostUsd,
    budgets: Object.values(budgets).some((value) => value !== undefined) ? defined(budgets) : undefined,
    rate_limits: Object.values(rates).some((value) => value !== undefined) ? defined(rates) : undefined,
  });
}

function integer(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number');
  return parsed;
}

function dollars(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new InvalidArgumentError('expected an amount in dollars, e.g. 2.50');
  return parsed;
}

/**
 * The server's 401 speaks to API clients ("send ig_live_…"); here the missing or wrong key is
 * the admin key, so say which variable holds it.
 */
export async function callAdminApi(connection: CliConnection, method: string, path: string, body?: unknown): Promise<unknown> {
  try {
    return await callAnyApi(connection, method, path, body);
  } catch (error) {
    if (!(error instanceof CliApiError) || (error.status !== 401 && error.status !== 403)) throw error;
    const hint =
      connection.apiKey === undefined
        ? 'no admin key given: set IMAGEGATE_ADMIN_KEY to the admin key the server was started with, or pass --admin-key'
        : 'the key given is not the server\'s admin key: use the value of IMAGEGATE_ADMIN_KEY the server was started with (an ig_live_ API key cannot manage keys)';
    throw new CliApiError(error.status, `${error.message}\n${hint}`);
  }
}
