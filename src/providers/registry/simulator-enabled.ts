import type { Config } from '../../config/config-schema.ts';

/**
 * Whether simulator ids (`simulator`, `simulator-repeat`, ...) resolve without an explicit route.
 * `simulator.enabled` decides when set. Otherwise they resolve in the offline setup (no provider
 * configured) and when unknown names go to the simulator anyway; an operator who configured real
 * providers and `unknownModels: 'reject'` (or a provider) gets 404 for them, so nobody is billed
 * for fake answers on a production gateway. Routes naming `provider: 'simulator'` always work.
 */
export function simulatorNamesResolve(config: Config): boolean {
  return config.simulator.enabled ?? (Object.keys(config.providers).length === 0 || config.unknownModels === 'simulator');
}
