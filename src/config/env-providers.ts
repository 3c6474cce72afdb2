import { DEFAULT_OPENAI_IMAGE_MODEL } from './default-models.ts';
/** Env keys that configure a provider by themselves, and the provider they create. */
const ENV_PROVIDERS: Array<{ env: string; name: string; provider: (value: string, env: NodeJS.ProcessEnv) => Record<string, unknown> }> = [
  { env: 'OPENAI_API_KEY', name: 'openai', provider: (apiKey, env) => ({ type: 'openai', apiKey, ...(env['OPENAI_BASE_URL'] ? { baseURL: env['OPENAI_BASE_URL'] } : {}) }) },
  { env: 'ANTHROPIC_API_KEY', name: 'anthropic', provider: (apiKey) => ({ type: 'anthropic', apiKey }) },
  { env: 'GEMINI_API_KEY', name: 'gemini', provider: (apiKey) => ({ type: 'gemini', apiKey }) },
  { env: 'GOOGLE_API_KEY', name: 'gemini', provider: (apiKey) => ({ type: 'gemini', apiKey }) },
  { env: 'STABILITY_API_KEY', name: 'stability', provider: (apiKey) => ({ type: 'stability', apiKey }) },
  { env: 'OLLAMA_BASE_URL', name: 'ollama', provider: (baseURL) => ({ type: 'openai-compatible', preset: 'ollama', baseURL: withV1(baseURL) }) },
  { env: 'OPENROUTER_API_KEY', name: 'openrouter', provider: (apiKey) => ({ type: 'openai-compatible', preset: 'openrouter', apiKey }) },
  { env: 'GROQ_API_KEY', name: 'groq', provider: (apiKey) => ({ type: 'openai-compatible', preset: 'groq', apiKey }) },
  { env: 'COMFYUI_BASE_URL', name: 'comfyui', provider: (baseURL) => ({ type: 'comfyui', baseURL }) },
  { env: 'A1111_BASE_URL', name: 'a1111', provider: (baseURL) => ({ type: 'a1111', baseURL }) },
];

const KEY_FOR_TYPE: Record<string, string[]> = {
  openai: ['OPENAI_API_KEY'],
  anthropic: ['ANTHROPIC_API_KEY'],
  gemini: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
  stability: ['STABILITY_API_KEY'],
};

/**
 * Adds providers named by env keys (unless the config already names them) and fills missing
 * API keys of configured providers from the env. With OPENAI_API_KEY and no explicit choice,
 * OpenAI answers unknown model names and draws the images.
 */
export function applyEnvProviders(config: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const providers = { ...((config['providers'] as Record<string, Record<string, unknown>> | undefined) ?? {}) };
  for (const entry of ENV_PROVIDERS) {
    const value = env[entry.env];
    if (value && providers[entry.name] === undefined) providers[entry.name] = entry.provider(value, env);
  }
  for (const [name, provider] of Object.entries(providers)) {
    if (provider['apiKey'] !== undefined) continue;
    const key = (KEY_FOR_TYPE[String(provider['type'])] ?? []).map((variable) => env[variable]).find(Boolean);
    if (key) providers[name] = { ...provider, apiKey: key };
  }
  const result: Record<string, unknown> = { ...config, providers };
  if (providers['openai']?.['type'] === 'openai' && env['OPENAI_API_KEY']) {
    result['unknownModels'] ??= 'openai';
    if (result['defaultImageModel'] === undefined) {
      result['imageModels'] = { [DEFAULT_OPENAI_IMAGE_MODEL]: { provider: 'openai' }, ...((config['imageModels']) ?? {}) };
      result['defaultImageModel'] = DEFAULT_OPENAI_IMAGE_MODEL;
    }
  }
  return result;
}

function withV1(baseURL: string): string {
  const trimmed = baseURL.replace(/\/+$/, '');
  return trimmed.endsWith('/v1') ? trimmed : `${trimmed}/v1`;
}
