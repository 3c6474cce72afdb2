import { type Context, Hono, type Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors/api-error.ts';
import type { Services } from '../service/services.ts';
import { errorToResponse } from './error-handler.ts';
import type { AppEnv } from './app-env.ts';
import { createLoadMetrics } from './load-metrics.ts';
import { authenticate } from './middleware/authenticate.ts';
import { bytesInFlight } from './middleware/bytes-in-flight.ts';
import { requestId } from './middleware/request-id.ts';
import { adminKeysRoutes } from './routes/admin-keys.ts';
import { adminResponsesRoutes } from './routes/admin-responses.ts';
import { conversationsRoutes } from './routes/conversations.ts';
import { filesRoutes } from './routes/files.ts';
import { imagesRoutes } from './routes/images.ts';
import { modelsRoutes } from './routes/models.ts';
import { ownKeyRoutes } from './routes/own-key.ts';
import { usageRoutes } from './routes/usage.ts';
import { responsesRoutes } from './routes/responses.ts';
import { compactRoutes } from './routes/responses-compact.ts';
import { mountWebUi } from './web-ui.ts';
import { adminStatsRoutes } from './observability/admin-stats-routes.ts';
import { corsFor } from './observability/cors.ts';
import { healthRoutes } from './observability/health-routes.ts';
import { metricsHandler } from './observability/metrics-route.ts';
import { rateLimitHeaders } from './observability/rate-limit-headers.ts';
import { observeRequests } from './observability/request-observer.ts';

/** The HTTP application: routes over the services, one error handler. */
export function createApp(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requestId());
  app.use('*', observeRequests(services));
  // No origins allowed (the default): no CORS middleware at all, rather than one that passes through.
  if (services.config.cors.allowedOrigins.length > 0) app.use('*', corsFor(services.config.cors.allowedOrigins));
  app.onError((error, context) => errorToResponse(error, context, services.logger));
  app.notFound((context) =>
    errorToResponse(new ApiError(404, 'invalid_request_error', `Unknown request URL: ${context.req.method} ${context.req.path}.`, null, 'unknown_url'), context, services.logger),
  );
  const tooLarge = (context: Context<AppEnv>) => {
    // The rest of the upload is not read, so this connection cannot carry another request.
    context.header('connection', 'close');
    return errorToResponse(new ApiError(413, 'invalid_request_error', `The request body is larger than ${services.config.maxBodyBytes} bytes.`, null, 'request_too_large'), context, services.logger);
  };
  const streamedLimit = bodyLimit({ maxSize: services.config.maxBodyBytes, onError: tooLarge });
  // Typed by hand: Hono types a route's input as `any`, which the no-unsafe rules refuse to pass on.
  app.use('/v1/*', (context: Context<AppEnv, string>, next: Next) => {
    // A declared length is checked up front; only chunked uploads pay for the counting stream.
    const declared = context.req.header('content-length');
    if (declared === undefined) return streamedLimit(context, next);
    if (Number(declared) > services.config.maxBodyBytes) return Promise.resolve(tooLarge(context));
    return next();
  });
  app.use('/v1/*', bytesInFlight({ maxBodyBytesInFlight: services.config.limits.maxBodyBytesInFlight, maxBodyBytes: services.config.maxBodyBytes }));
  app.get('/health', (context) => context.json({ status: 'ok' }));
  const loadSnapshot = createLoadMetrics(services);
  app.get('/health/load', (context) => context.json(loadSnapshot()));
  app.route('/health', healthRoutes(services.telemetry.readiness));
  app.get('/metrics', metricsHandler(services));
  app.use('/v1/*', rateLimitHeaders(services));
  app.use('/v1/*', authenticate(services));
  app.route('/v1/admin/stats', adminStatsRoutes(services));
  app.route('/v1/responses/compact', compactRoutes(services));
  app.route('/v1/responses', responsesRoutes(services));
  app.route('/v1/conversations', conversationsRoutes(services));
  app.route('/v1/images', imagesRoutes(services));
  app.route('/v1/files', filesRoutes(services));
  app.route('/v1/models', modelsRoutes(services));
  app.route('/v1/admin/keys', adminKeysRoutes(services));
  app.route('/v1/admin/responses', adminResponsesRoutes(services));
  app.route('/v1/usage', usageRoutes(services));
  app.route('/v1/imagegate/key', ownKeyRoutes(services));
  mountWebUi(app);
  return app;
}
