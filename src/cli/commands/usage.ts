import type { Command } from 'commander';
import { callApi, connectionFromEnv } from '../api-client.ts';
import { type Output, printTable } from '../output.ts';

/** `imagegate usage`: ledger sums by day, model or key (a key sees its own; the admin key all). */
export function registerUsageCommand(program: Command, output: Output): void {
  program
    .command('usage')
    .description('show spend and images from the usage ledger')
    .option('--group-by <group>', 'day | model | key', 'day')
    .option('--from <date>', 'start (ISO date or Unix seconds), default 30 days ago')
    .option('--to <date>', 'end (ISO date or Unix seconds), default now')
    .option('--key-id <id>', "one key's usage (admin key only)")
    .option('--base-url <url>', 'imagegate server (env IMAGEGATE_BASE_URL)')
    .option('--api-key <key>', 'key (env IMAGEGATE_API_KEY, IMAGEGATE_ADMIN_KEY, OPENAI_API_KEY)')
    .option('--json', 'print JSON for scripts')
    .action(async (options: { groupBy: string; from?: string; to?: string; keyId?: string; baseUrl?: string; apiKey?: string; json?: boolean }) => {
      const connection = connectionFromEnv(process.env, options, ['IMAGEGATE_API_KEY', 'IMAGEGATE_ADMIN_KEY', 'OPENAI_API_KEY']);
      const query = new URLSearchParams({ group_by: options.groupBy });
      if (options.from) query.set('from', options.from);
      if (options.to) query.set('to', options.to);
      if (options.keyId) query.set('key_id', options.keyId);
      const report = (await callApi(connection, 'GET', `/v1/usage?${query.toString()}`)) as {
        data: Array<{ group: string | null; cost_usd: number; images: number; input_tokens: number; output_tokens: number }>;
        totals: { cost_usd: number; images: number; input_tokens: number; output_tokens: number };
      };
      if (options.json) return output.json(report);
      const row = (group: string, totals: (typeof report)['totals']) => [group, `$${totals.cost_usd.toFixed(6)}`, String(totals.images), String(totals.input_tokens), String(totals.output_tokens)];
      printTable(output, [options.groupBy, 'cost', 'images', 'input tokens', 'output tokens'], [
        ...report.data.map((entry) => row(entry.group ?? '(no key)', entry)),
        row('total', report.totals),
      ]);
    });
}
