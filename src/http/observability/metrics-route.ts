import { timingSafeEqual } from 'node:crypto';
import type { Handler } from 'hono';
import { ApiError } from '../../errors/api-error.ts';
import type { AppEnv } from '../app-env.ts';
import type { Services } from '../../service/services.ts';

/** `GET /metrics` in Prometheus text format; behind `metrics.bearerToken` when one is set. */
export function metricsHandler(services: Services): Handler<AppEnv> {
  const token = services.config.metrics.bearerToken;
  const { registry } = services.telemetry.metrics;
  return async (context) => {
    if (token !== undefined && !sameSecret(/^Bearer\s+(\S+)$/i.exec(context.req.header('authorization') ?? '')?.[1] ?? '', token)) {
      throw new ApiError(401, 'invalid_request_error', 'GET /metrics needs the metrics token: Authorization: Bearer <metrics.bearerToken>.', null, 'invalid_api_key');
    }
    return context.body(await registry.metrics(), 200, { 'content-type': registry.contentType });
  };
}

function sameSecret(given: string, expected: string): boolean {
  const left = Buffer.from(given);
  const right = Buffer.from(expected);
  return left.length === right.length && timingSafeEqual(left, right);
}
