import { Hono } from 'hono';
import { ApiError, invalidRequest } from '../../errors/api-error.ts';
import type { Services } from '../../service/services.ts';
import type { UsageGroupBy, UsageTotals } from '../../storage/usage-store.ts';
import type { AppEnv } from '../app-env.ts';

/**
 * `GET /v1/usage?group_by=day|model|key&from=&to=&key_id=`: sums of the ledger. A key sees only
 * its own usage; the admin key sees every key's (or one, with `key_id`).
 */
export function usageRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.get('/', async (context) => {
    const principal = context.get('principal');
    const groupBy = (context.req.query('group_by') ?? 'day') as UsageGroupBy;
    if (!['day', 'model', 'key'].includes(groupBy)) throw invalidRequest("group_by must be 'day', 'model' or 'key'.", 'group_by', 'invalid_value');
    const now = services.now();
    const from = parseTime(context.req.query('from'), 'from') ?? now - 30 * 86_400_000;
    const to = parseTime(context.req.query('to'), 'to') ?? now + 1;
    const requestedKey = context.req.query('key_id');
    if (requestedKey !== undefined && principal.kind !== 'admin') {
      throw new ApiError(403, 'invalid_request_error', 'Only the admin key may read another key’s usage.', 'key_id', 'insufficient_permissions');
    }
    const keyId = principal.kind === 'admin' ? requestedKey : principal.keyId;
    const report = await services.usage.usage({ ...(keyId === undefined ? {} : { keyId }), from, to, groupBy });
    return context.json({
      object: 'imagegate.usage',
      group_by: groupBy,
      from: Math.floor(from / 1000),
      to: Math.floor(to / 1000),
      data: report.rows.map((row) => ({ group: row.group, ...totalsToWire(row) })),
      totals: totalsToWire(report.totals),
    });
  });
  return app;
}

function totalsToWire(totals: UsageTotals) {
  return {
    cost_usd: totals.costMicros / 1_000_000,
    images: totals.images,
    input_tokens: totals.inputTokens,
    cached_input_tokens: totals.cachedInputTokens,
    output_tokens: totals.outputTokens,
    entries: totals.entries,
  };
}

/** The latest instant a JavaScript Date holds (year 275760), in Unix seconds. */
const MAX_UNIX_SECONDS = 8_640_000_000_000;

/** Unix seconds or an ISO date (`2026-11-25`); milliseconds out. Out-of-range numbers are a 400. */
function parseTime(value: string | undefined, param: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const outOfRange = () => invalidRequest(`'${param}' must be Unix seconds between 0 and ${MAX_UNIX_SECONDS}, or an ISO date.`, param, 'invalid_value');
  if (/^\d+$/.test(value)) {
    // A 400-digit number parses to Infinity (or loses precision); SQLite would then fail.
    if (value.length > String(MAX_UNIX_SECONDS).length) throw outOfRange();
    const seconds = Number(value);
    if (seconds > MAX_UNIX_SECONDS) throw outOfRange();
    return seconds * 1000;
  }
  const parsed = Date.parse(value);
  if (Number.isNaN(parsed)) throw invalidRequest(`'${param}' must be Unix seconds or an ISO date.`, param, 'invalid_value');
  return parsed;
}
