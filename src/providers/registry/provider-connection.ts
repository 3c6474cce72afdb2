import type { ProviderConfig } from '../../config/providers-schema.ts';
import { type ProviderSettings, providerSettings } from '../shared/provider-settings.ts';

const DEFAULT_BASE_URLS: Record<ProviderConfig['type'], string> = {
  openai: 'https://api.openai.com/v1',
  'openai-compatible': 'http://localhost:11434/v1',
  anthropic: 'https://api.anthropic.com/v1',
  gemini: 'https://generativelanguage.googleapis.com/v1beta',
  stability: 'https://api.stability.ai',
  comfyui: 'http://127.0.0.1:8188',
  a1111: 'http://127.0.0.1:7860',
};

const COMPATIBLE_BASE_URLS: Record<string, string> = {
  openai: 'https://api.openai.com/v1',
  ollama: 'http://localhost:11434/v1',
  vllm: 'http://localhost:8000/v1',
  llamacpp: 'http://localhost:8080/v1',
  lmstudio: 'http://localhost:1234/v1',
  openrouter: 'https://openrouter.ai/api/v1',
  groq: 'https://api.groq.com/openai/v1',
};

/** Where and how to call a configured provider: base URL, auth header, timeouts. */
export function connectionSettings(config: ProviderConfig, fetchImplementation: typeof fetch = globalThis.fetch): ProviderSettings {
  const baseURL =
    config.baseURL ?? (config.type === 'openai-compatible' ? (COMPATIBLE_BASE_URLS[config.preset] ?? DEFAULT_BASE_URLS[config.type]) : DEFAULT_BASE_URLS[config.type]);
  return providerSettings({
    baseURL,
    headers: { ...authHeaders(config), ...config.headers },
    fetch: fetchImplementation,
    timeoutMillis: config.timeoutMillis,
    maxRetries: config.maxRetries,
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
