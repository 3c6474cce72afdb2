import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { ApiError } from '../../errors/api-error.ts';
import { ANONYMOUS, type Principal, type Services } from '../../service/services.ts';
import type { AppEnv } from '../app-env.ts';

/** How long the "are there any keys?" answer is trusted, in milliseconds (other instances may add keys). */
const KEY_COUNT_TTL_MILLIS = 5_000;

/**
 * Resolves the bearer token to a principal. Auth is on once an admin key is configured or any
 * API key was ever created; until then the server is open (and says so in the banner). One
 * lookup for every transport: the HTTP middleware below and the WebSocket upgrade.
 */
export function createAuthenticator(services: Services): (authorization: string | undefined) => Principal | Promise<Principal> {
  let knownKeys: { count: number; checkedAt: number } | undefined;
  return (authorization) => {
    const token = authorization === undefined ? undefined : bearerToken(authorization);
    if (services.config.auth.adminKey) return resolvePrincipal(services, token, true);
    const now = services.now();
    if (!knownKeys || (knownKeys.count === 0 && now - knownKeys.checkedAt > KEY_COUNT_TTL_MILLIS)) {
      return services.keys.count().then((count) => {
        knownKeys = { count, checkedAt: now };
        return resolvePrincipal(services, token, count > 0);
      });
    }
    // The open server's every request (no key anywhere, none sent): answered without a promise.
    if (token === undefined && knownKeys.count === 0) return ANONYMOUS;
    return resolvePrincipal(services, token, knownKeys.count > 0);
  };
}

export function authenticate(services: Services): MiddlewareHandler<AppEnv> {
  const principalFor = createAuthenticator(services);
  const admit = (context: Context<AppEnv>, principal: Principal, next: Next): Promise<void> => {
    // Set before the rate check, so a refusal still carries the key's x-ratelimit-* headers.
    context.set('principal', principal);
    return principal.kind === 'key' ? enforceRequestRate(services, principal).then(next) : next();
  };
  // No async layer of its own: the open server's requests pass straight on.
  return (context, next) => {
    const found = principalFor(context.req.header('authorization'));
    return found instanceof Promise ? found.then((principal) => admit(context, principal, next)) : admit(context, found, next);
  };
}

async function resolvePrincipal(services: Services, token: string | undefined, required: boolean): Promise<Principal> {
  const adminKey = services.config.auth.adminKey;
  if (token && adminKey && constantTimeEquals(token, adminKey)) return { kind: 'admin', keyId: null, policy: undefined };
  if (token?.startsWith('ig_')) {
    const record = await services.keys.findBySecret(token);
    if (record) return { kind: 'key', keyId: record.id, policy: record.policy };
  }
  if (!required) return ANONYMOUS;
  if (!token) {
    throw new ApiError(401, 'invalid_request_error', "You didn't provide an API key. Send it as 'Authorization: Bearer ig_live_…'.", null, 'missing_api_key');
  }
  throw new ApiError(401, 'invalid_request_error', `Incorrect API key provided: ${redact(token)}.`, null, 'invalid_api_key');
}

/** A key's requests-per-minute limit: one request is one HTTP request or one WebSocket `response.create`. */
export async function enforceRequestRate(services: Services, principal: Principal): Promise<void> {
  if (principal.kind !== 'key') return;
  const limit = principal.policy?.rateLimits?.requestsPerMinute;
  if (limit === undefined || principal.keyId === null) return;
  if (!(await services.rateLimiter.tryRequest(principal.keyId, limit))) {
    throw new ApiError(429, 'requests', `Rate limit reached: ${limit} requests per minute for this key.`, null, 'rate_limit_exceeded');
  }
}

function bearerToken(header: string): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Never echo or log a secret whole. */
export function redact(token: string): string {
  return token.length <= 12 ? '****' : `${token.slice(0, 12)}****`;
}

/** Admin-only routes: anything but the admin key gets 403 (401 when no key at all). */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (context, next) => {
  const principal = context.get('principal');
  if (principal.kind !== 'admin') {
    throw new ApiError(403, 'invalid_request_error', 'This endpoint needs the admin key.', null, 'insufficient_permissions');
  }
  await next();
};
