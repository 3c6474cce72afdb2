import { defaultUpstreamHttp } from '../shared/undici-upstream-http.ts';

/**
 * Closes the kept-alive upstream connections of the shared provider HTTP client, once the calls
 * in flight are done (the server's shutdown). A later provider call opens new ones.
 */
export function closeUpstreamConnections(): Promise<void> {
  return defaultUpstreamHttp.close();
}
