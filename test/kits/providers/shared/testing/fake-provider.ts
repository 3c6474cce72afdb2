/** A local fake of a provider's HTTP API for the adapters' tests (imported by `*.test.ts` only). */
import { afterEach } from 'vitest';
import { type FakeHandler, type FakeHttpServer, startFakeHttpServer } from '../../../../support/fake-http-server.ts';
import { type ProviderSettings, providerSettings } from '../../../../../src/providers/shared/provider-settings.ts';

/**
 * Settings as the registry builds them (two retries, 5 s per attempt) with `overrides` on top;
 * every retry wait is recorded in `sleeps`, never slept.
 */
export function recordingSettings(baseURL: string, sleeps: number[], overrides: Partial<ProviderSettings> = {}): ProviderSettings {
  // The clock advances by what was "slept", so the retry total sees the waits it allowed.
  const start = Date.now();
  return providerSettings({
    baseURL,
    maxRetries: 2,
    timeoutMillis: 5000,
    sleep: async (millis) => {
      sleeps.push(millis);
    },
    now: () => start + sleeps.reduce((sum, millis) => sum + millis, 0),
    // Adapters' tests check which waits they ask for (RetryInfo's 34.4 s, Retry-After: 60);
    // how the total cuts retries short is fetch-with-retry's, tested there.
    retryTotalMillis: 5 * 60_000,
    ...overrides,
  });
}

/** A handler that never answers, and `arrived`, which settles once a request came in: for aborting a call in flight. */
export function hangingHandler(): { readonly handler: FakeHandler; readonly arrived: Promise<void> } {
  let arrive: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const handler: FakeHandler = () => {
    arrive();
    return { hang: true };
  };
  return { handler, arrived };
}

export interface FakeProvider {
  readonly server: FakeHttpServer;
  /** Pointed at the fake, as {@link recordingSettings} makes them. */
  readonly settings: ProviderSettings;
  readonly sleeps: number[];
}

/**
 * Call once at the top of a test file: returns `start(handler, {basePath, ...overrides})`,
 * which starts a fake answering with `handler`. The fakes a test started are closed after it.
 */
export function fakeProviderPerTest(): (handler: FakeHandler, connection?: { readonly basePath?: string } & Partial<ProviderSettings>) => Promise<FakeProvider> {
  const started: FakeHttpServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (handler, connection = {}) => {
    const { basePath = '', ...overrides } = connection;
    const server = await startFakeHttpServer(handler);
    started.push(server);
    const sleeps: number[] = [];
    return { server, settings: recordingSettings(`${server.url}${basePath}`, sleeps, overrides), sleeps };
  };
}
