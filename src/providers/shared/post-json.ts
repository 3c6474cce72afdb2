import { fetchWithRetry } from './fetch-with-retry.ts';
import { ProviderError } from '../spec/provider-error.ts';
import type { ProviderSettings } from './provider-settings.ts';
import type { UpstreamAnswer } from './upstream-http.ts';

/** POSTs JSON and parses a JSON answer; malformed JSON is a non-retryable ProviderError. */
export async function postJson(
  settings: ProviderSettings,
  options: { provider: string; path: string; body: unknown; abortSignal: AbortSignal; headers?: Record<string, string> },
): Promise<unknown> {
  const { response, release } = await fetchWithRetry(settings, {
    provider: options.provider,
    url: `${settings.baseURL}${options.path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...settings.headers, ...options.headers },
    body: JSON.stringify(options.body),
    abortSignal: options.abortSignal,
  });
  try {
    return await readJson(response, options.provider);
  } finally {
    release();
  }
}

/** GETs JSON (polling, listing). */
export async function getJson(settings: ProviderSettings, options: { provider: string; path: string; abortSignal: AbortSignal }): Promise<unknown> {
  const { response, release } = await fetchWithRetry(settings, {
    provider: options.provider,
    url: `${settings.baseURL}${options.path}`,
    method: 'GET',
    headers: settings.headers,
    abortSignal: options.abortSignal,
  });
  try {
    return await readJson(response, options.provider);
  } finally {
    release();
  }
}

async function readJson(response: UpstreamAnswer, provider: string): Promise<unknown> {
  const text = await response.body.text();
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new ProviderError({ provider, kind: 'invalid_response', status: response.status, body: text, message: `${provider} sent malformed JSON`, isRetryable: false, cause });
  }
}
