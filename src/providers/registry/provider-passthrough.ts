import type { ProviderConfig } from '../../config/providers-schema.ts';
import { type CountInputTokensOptions, countOpenAIInputTokens } from '../openai/openai-responses-input-tokens.ts';
import { type StreamPassthroughOptions, streamPassthrough } from '../openai/openai-responses-passthrough.ts';
import { connectionSettings } from './provider-connection.ts';

/**
 * OpenAI's hosted-tool relay for a passthrough route, connected with the route's provider
 * settings. The service reaches the concrete adapter only through here (the floors in
 * eslint.config.js: service sees the registry and the spec, never a provider's folder).
 */
export function streamProviderPassthrough(
  provider: ProviderConfig,
  options: Omit<StreamPassthroughOptions, 'settings'>,
): AsyncGenerator<Record<string, unknown>, void, undefined> {
  return streamPassthrough({ ...options, settings: connectionSettings(provider) });
}

/** OpenAI's own input token count for a passthrough route, connected with the route's provider settings. */
export function countProviderInputTokens(provider: ProviderConfig, options: Omit<CountInputTokensOptions, 'settings'>): Promise<number> {
  return countOpenAIInputTokens({ ...options, settings: connectionSettings(provider) });
}
