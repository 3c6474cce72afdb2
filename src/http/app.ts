import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from '../errors/api-error.ts';
import type { Services } from '../service/services.ts';
import { errorToResponse } from './error-handler.ts';
import { modelsRoutes } from './routes/models.ts';
import { responsesRoutes } from './routes/responses.ts';

/** The HTTP application: routes over the services, one error handler. */
export function createApp(services: Services): Hono {
  const app = new Hono();
  app.onError((error, context) => errorToResponse(error, context, services.logger));
  app.notFound((context) =>
    errorToResponse(new ApiError(404, 'invalid_request_error', `Unknown request URL: ${context.req.method} ${context.req.path}.`, null, 'unknown_url'), context, services.logger),
  );
  app.use(
    '/v1/*',
    bodyLimit({
      maxSize: services.config.maxBodyBytes,
      onError: (context) => {
        // The rest of the upload is not read, so this connection cannot carry another request.
        context.header('connection', 'close');
        return errorToResponse(new ApiError(413, 'invalid_request_error', `The request body is larger than ${services.config.maxBodyBytes} bytes.`, null, 'request_too_large'), context, services.logger);
      },
    }),
  );
  app.get('/health', (context) => context.json({ status: 'ok' }));
  app.route('/v1/responses', responsesRoutes(services));
  app.route('/v1/models', modelsRoutes(services));
  return app;
}
