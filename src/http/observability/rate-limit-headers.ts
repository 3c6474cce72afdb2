import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import type { Principal, Services } from '../../service/services.ts';
import { utcDayWindow, utcMonthWindow } from '../../storage/budget-windows.ts';
import { formatResetDuration } from '../../observability/format-reset-duration.ts';

const WINDOW_MILLIS = 60_000;
/** When nothing better is known (an upstream 429 without its own hint), retry after this long. */
const DEFAULT_RETRY_AFTER_SECONDS = 1;
/** For a cap that never resets (a key's lifetime budget, the request's own max_cost). */
const NEVER_RESETS_RETRY_AFTER_SECONDS = 86_400;

/**
 * OpenAI's rate-limit headers on every answer to a key with per-minute limits
 * (`x-ratelimit-{limit,remaining,reset}-{requests,images}`), and `Retry-After` on every 429:
 * ours (per-minute limits, budgets, cost caps) and upstream ones that came without it.
 * Runs after the handler (and the error handler), so refusals carry them too.
 */
export function rateLimitHeaders(services: Services): MiddlewareHandler<AppEnv> {
  return async (context, next) => {
    await next();
    const principal = context.get('principal') as Principal | undefined;
    const headers = principal ? await limitHeaders(services, principal) : {};
    if (context.res.status === 429 && context.res.headers.get('retry-after') === null) {
      headers['retry-after'] = String(await retryAfterSeconds(services, context, principal));
    }
    setHeaders(context, headers);
  };
}

async function limitHeaders(services: Services, principal: Principal): Promise<Record<string, string>> {
  const limits = principal.policy?.rateLimits;
  if (principal.keyId === null || limits === undefined) return {};
  const now = services.now();
  const headers: Record<string, string> = {};
  const add = async (kind: 'request' | 'image', suffix: string, limit: number | undefined) => {
    if (limit === undefined) return;
    const times = await services.rateLimiter.times(principal.keyId as string, kind);
    const newest = times.at(-1);
    headers[`x-ratelimit-limit-${suffix}`] = String(limit);
    headers[`x-ratelimit-remaining-${suffix}`] = String(Math.max(0, limit - times.length));
    // OpenAI's meaning: until the window is back to its initial state (every slot free).
    headers[`x-ratelimit-reset-${suffix}`] = formatResetDuration(newest === undefined ? 0 : newest + WINDOW_MILLIS - now);
  };
  await add('request', 'requests', limits.requestsPerMinute);
  await add('image', 'images', limits.imagesPerMinute);
  return headers;
}

/** Seconds until retrying the refused request can first succeed. */
async function retryAfterSeconds(services: Services, context: Context<AppEnv>, principal: Principal | undefined): Promise<number> {
  const { code, param } = await errorFields(context);
  const now = services.now();
  const keyId = principal?.keyId ?? null;
  if (code === 'rate_limit_exceeded' && keyId !== null && principal?.policy?.rateLimits) {
    // The Images API refuses an images-per-minute overrun naming `n`; everything else is requests.
    const kind = param === 'n' ? 'image' : 'request';
    const oldest = (await services.rateLimiter.times(keyId, kind))[0];
    // A slot frees when the oldest event in the window leaves it.
    if (oldest !== undefined) return wholeSeconds(oldest + WINDOW_MILLIS - now);
  }
  if (code === 'budget_exceeded' && keyId !== null && principal?.policy?.budgets) {
    const headroom = await services.budgets.headroom({ keyId, limits: principal.policy.budgets, now });
    if (headroom.scope === 'daily') return wholeSeconds(utcDayWindow(now).toMillis - now);
    if (headroom.scope === 'monthly') return wholeSeconds(utcMonthWindow(now).toMillis - now);
    return NEVER_RESETS_RETRY_AFTER_SECONDS;
  }
  if (code === 'max_cost_exceeded' || code === 'budget_exceeded') return NEVER_RESETS_RETRY_AFTER_SECONDS;
  return DEFAULT_RETRY_AFTER_SECONDS;
}

function wholeSeconds(millis: number): number {
  return Math.max(1, Math.ceil(millis / 1000));
}

/** The envelope's `code` and `param`, read from a copy so the answer's body stays unread. */
async function errorFields(context: Context<AppEnv>): Promise<{ code: string | undefined; param: string | undefined }> {
  if (!(context.res.headers.get('content-type') ?? '').includes('application/json')) return { code: undefined, param: undefined };
  try {
    const body = (await context.res.clone().json()) as { error?: { code?: unknown; param?: unknown } };
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    return { code: text(body.error?.code), param: text(body.error?.param) };
  } catch {
    return { code: undefined, param: undefined };
  }
}

/** Sets headers on the answer, copying it first when its headers are immutable (passed through from fetch). */
export function setHeaders(context: Context<AppEnv>, headers: Record<string, string>): void {
  const entries = Object.entries(headers);
  if (entries.length === 0) return;
  try {
    for (const [name, value] of entries) context.res.headers.set(name, value);
  } catch {
    context.res = new Response(context.res.body, context.res);
    for (const [name, value] of entries) context.res.headers.set(name, value);
  }
}
