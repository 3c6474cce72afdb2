import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config } from '../config/config-schema.ts';
import { createApp } from '../http/app.ts';
import { attachResponsesWebSocket } from '../http/websocket/attach-responses-websocket.ts';
import { answerClientError } from './answer-client-error.ts';
import { startTracing } from '../observability/tracing.ts';
import { holdUpstreamConnections } from '../providers/registry/upstream-connections.ts';
import { renderBanner } from './banner.ts';
import { type ServiceOverrides, createServices } from './create-services.ts';

export interface RunningServer {
  /** e.g. `http://127.0.0.1:8787` */
  url: string;
  banner: string;
  close(): Promise<void>;
}

/** Starts imagegate on config.host:config.port (port 0 picks a free one). */
export async function startServer(config: Config, overrides: ServiceOverrides = {}): Promise<RunningServer> {
  const stopTracing = await startTracing(process.env);
  const services = await createServices(config, overrides);
  const releaseUpstreamConnections = holdUpstreamConnections();
  const app = createApp(services);
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer) => {
    const instance = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, () => resolveServer(instance));
  });
  server.on('clientError', answerClientError);
  const webSockets = attachResponsesWebSocket(server, services, overrides.scheduleAfter);
  const address = server.address() as AddressInfo;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${address.port}`;
  return {
    url,
    banner: renderBanner(config, url, services.registry.describe(), services.labels.database, services.labels.blobs, await services.keys.count()),
    async close() {
      const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      // Upgraded sockets are no longer the HTTP server's to close: each ends its turn, then closes.
      webSockets.drain();
      // Keep-alive connections with no request in flight would hold close() open for nothing.
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      const cutOff = setTimeout(() => {
        if ('closeAllConnections' in server) server.closeAllConnections();
        webSockets.terminate();
      }, config.shutdownGraceMillis);
      await closed;
      clearTimeout(cutOff);
      await services.close();
      await releaseUpstreamConnections();
      await stopTracing?.();
    },
  };
}
