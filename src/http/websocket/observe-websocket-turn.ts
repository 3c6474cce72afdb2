import { type ResponseSummary, observeResponse } from '../../observability/observe-response.ts';
import type { ResponseObject } from '../../responses/wire/response-object.ts';
import type { AnyResponse } from '../../service/admit-response.ts';
import type { Principal, Services } from '../../service/services.ts';
import { accessLogger } from '../observability/request-observer.ts';

/** The route label WebSocket turns are counted under, beside the HTTP methods on the same path. */
const ROUTE = '/v1/responses';
const METHOD = 'WEBSOCKET';

/**
 * One `response.create` turn counted like one HTTP request: the request metrics (method
 * `WEBSOCKET`), the response's images, ignored calls and cost, and one access-log line.
 */
export function observeWebSocketTurn(
  services: Services,
  turn: { requestId: string; startedAt: number; principal: Principal; status: number; response: AnyResponse | undefined },
): void {
  const { metrics, live, clock } = services.telemetry;
  const keyId = turn.principal.keyId;
  const durationSeconds = (clock() - turn.startedAt) / 1000;
  const labels = { route: ROUTE, method: METHOD, status: String(turn.status) };
  live.request();
  metrics.httpRequests.inc(labels);
  metrics.httpDuration.observe(labels, durationSeconds);
  const summary: ResponseSummary | undefined =
    turn.response?.object === 'response' ? observeResponse(turn.response as ResponseObject, keyId, metrics, live) : undefined;
  accessLogger(services.logger).info(
    {
      requestId: turn.requestId,
      keyId,
      method: METHOD,
      route: ROUTE,
      path: ROUTE,
      status: turn.status,
      durationMs: Math.round(durationSeconds * 1000),
      ...(summary ? { responseId: summary.responseId, model: summary.model, images: summary.images, costUsd: summary.costUsd } : {}),
    },
    'request completed',
  );
}
