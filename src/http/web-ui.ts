import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Context, Hono, MiddlewareHandler, Next } from 'hono';
import type { AppEnv } from './app-env.ts';

/** Where `vite build --config web/vite.config.ts` puts the browser UI. */
export const WEB_DIST_DIRECTORY = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Paths the single-page app answers itself (its router picks the page). */
const SPA_PATHS = ['/', '/admin', '/admin/'];

/**
 * The web chat (`/`) and admin page (`/admin`): the built files of `web/`, served from disk.
 * Hashed assets are cached for good; the HTML never is, so a rebuild shows at once. Nothing
 * here touches `/v1/*` or `/health`, and unknown paths still reach the JSON 404.
 */
export function mountWebUi(app: Hono<AppEnv>, distDirectory = WEB_DIST_DIRECTORY): void {
  // Made on first use: serveStatic complains at creation when the directory is missing, and a
  // build made after the server started should still be served.
  let handlers: { assets: MiddlewareHandler; index: MiddlewareHandler } | undefined;
  const built = () => existsSync(join(distDirectory, 'index.html'));
  const getHandlers = () =>
    (handlers ??= {
      assets: serveStatic({
        root: distDirectory,
        onFound: (_path, context) => {
          context.header('cache-control', 'public, max-age=31536000, immutable');
        },
      }),
      index: serveStatic({
        root: distDirectory,
        path: 'index.html',
        onFound: (_path, context) => {
          context.header('cache-control', 'no-cache');
        },
      }),
    });

  // Typed by hand: Hono types a route's input as `any`, which the no-unsafe rules refuse to pass on.
  app.use('/assets/*', async (context: Context<AppEnv, string>, next: Next) => (built() ? getHandlers().assets(context, next) : next()));
  for (const path of SPA_PATHS) {
    app.get(path, async (context, next) => {
      if (!built()) return context.text('The web UI is not built: run `npm run build:web` (npm install does it).', 503);
      return getHandlers().index(context, next);
    });
  }
}
