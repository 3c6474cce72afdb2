import type { ProviderConfig } from '../../config/providers-schema.ts';
import { OPENAI_COMPATIBLE_PRESETS } from '../openai-compatible/openai-compatible-presets.ts';
import { type ProviderSettings, providerSettings } from '../shared/provider-settings.ts';
import { defaultUpstreamHttp } from '../shared/undici-upstream-http.ts';
import type { UpstreamHttp } from '../shared/upstream-http.ts';

const DEFAULT_BASE_URLS: Record<ProviderConfig['type'], string> = {
  openai: 'https://api.openai.com/v1',
  'openai-compatible': 'http://localhost:11434/v1',
  anthropic: 'https://api.anthropic.com/v1',
  gemini: 'https://generativelanguage.googleapis.com/v1beta',
  stability: 'https://api.stability.ai',
  comfyui: 'http://127.0.0.1:8188',
  a1111: 'http://127.0.0.1:7860',
};

/** Where and how to call a configured provider: base URL, auth header, timeouts. */
export function connectionSettings(config: ProviderConfig, http: UpstreamHttp = defaultUpstreamHttp): ProviderSettings {
  const baseURL =
    config.baseURL ?? (config.type === 'openai-compatible' ? OPENAI_COMPATIBLE_PRESETS[config.preset].defaultBaseURL : DEFAULT_BASE_URLS[config.type]);
  return providerSettings({
    baseURL,
    headers: { ...authHeaders(config), ...config.headers },
    http,
    timeoutMillis: config.timeoutMillis,
    maxRetries: config.maxRetries,
    retryTotalMillis: config.retryTotalMillis,
  });
}

function authHeaders(config: ProviderConfig): Record<string, string> {
  if (!config.apiKey) return {};
  switch (config.type) {
    case 'anthropic':
      return { 'x-api-key': config.apiKey, 'anthropic-version': '2023-06-01' };
    case 'gemini':
      return { 'x-goog-api-key': config.apiKey };
    case 'openai':
      return { authorization: `Bearer ${config.apiKey}`, ...(config.organization ? { 'openai-organization': config.organization } : {}) };
    default:
      return { authorization: `Bearer ${config.apiKey}` };
  }
}
