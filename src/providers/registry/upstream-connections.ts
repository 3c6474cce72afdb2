import { defaultUpstreamHttp } from '../shared/undici-upstream-http.ts';

let holders = 0;

/**
 * Marks a server as using the shared provider HTTP client; the returned function lets go. When
 * the last server of the process lets go (its shutdown), the kept-alive upstream connections are
 * closed once the calls in flight are done; a later provider call opens new ones. Several
 * servers in one process (tests, scale-out instances) keep each other's calls running.
 */
export function holdUpstreamConnections(): () => Promise<void> {
  holders += 1;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    holders -= 1;
    if (holders === 0) await closeUpstreamConnections();
  };
}

/** Closes the shared client's connections now (see {@link holdUpstreamConnections}). */
export function closeUpstreamConnections(): Promise<void> {
  return defaultUpstreamHttp.close();
}
