import type { Config } from '../../config/config-schema.ts';
import { isSimulatorModelId } from '../simulator/simulator-model-id.ts';
import { simulatorNamesResolve } from './simulator-enabled.ts';

/** Where a model name goes. `provider` is a name in config.providers, or `simulator`. */
export interface RouteTarget {
  provider: string;
  model: string;
  api: 'responses' | 'chat' | undefined;
  imageModel: string | undefined;
  passthrough: boolean;
}

/** Model families and the provider types that serve them, for names without a route. */
const FAMILIES: Array<{ pattern: RegExp; type: string }> = [
  { pattern: /^claude-/, type: 'anthropic' },
  { pattern: /^(gemini-|gemma-)/, type: 'gemini' },
  { pattern: /^(gpt-|o\d|chatgpt-)/, type: 'openai' },
];

/** Resolves a model name to a route target, or undefined (404). Pure: reads config only. */
export function languageRouteFor(config: Config, name: string): RouteTarget | undefined {
  // Own keys only: a model named '__proto__' must not find Object.prototype (it was a 500).
  const route = Object.hasOwn(config.models, name) ? config.models[name] : undefined;
  if (route) {
    return { provider: route.provider, model: route.model ?? name, api: route.api, imageModel: route.imageModel, passthrough: route.passthrough };
  }
  if (isSimulatorModelId(name) && simulatorNamesResolve(config)) return simple('simulator', name);
  const slash = name.indexOf('/');
  if (slash > 0 && Object.hasOwn(config.providers, name.slice(0, slash))) return simple(name.slice(0, slash), name.slice(slash + 1));
  for (const family of FAMILIES) {
    if (!family.pattern.test(name)) continue;
    const provider = Object.entries(config.providers).find(([, candidate]) => candidate.type === family.type);
    if (provider) return simple(provider[0], name);
  }
  if (config.unknownModels === 'reject') return undefined;
  if (config.unknownModels === 'simulator') return simple('simulator', 'simulator');
  return Object.hasOwn(config.providers, config.unknownModels) ? simple(config.unknownModels, name) : undefined;
}

function simple(provider: string, model: string): RouteTarget {
  return { provider, model, api: undefined, imageModel: undefined, passthrough: false };
}
