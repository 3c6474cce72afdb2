import { invalidRequest } from '../errors/api-error.ts';
import { findRetirement } from '../pricing/index.ts';
import type { ModelNotice } from '../providers/registry/provider-registry.ts';
import type { Services } from './services.ts';

/** The model a request will run on, and what to tell the client when it is not the one it named. */
export interface LiveModelChoice {
  model: string;
  notice: ModelNotice | undefined;
}

/**
 * Checks a model the request names against the catalog's retirements: a model its provider has
 * shut down is a 400 naming `param` and the successor, or, with `retiredModels: successor`, the
 * successor runs and the response says so. A config route of that name that sets its own
 * `model` is the operator's alias, not the retired model, and is left alone.
 */
export function chooseLiveModel(services: Services, kind: 'text' | 'image', requested: string, param: string): LiveModelChoice {
  const route = kind === 'text' ? services.config.models[requested] : services.config.imageModels[requested];
  if (route?.model !== undefined && route.model !== requested) return { model: requested, notice: undefined };
  const retired = findRetirement(services.catalog, kind, requested, services.now());
  if (retired === undefined) return { model: requested, notice: undefined };
  const { successor, retiredOn } = retired;
  if (successor !== undefined && services.config.retiredModels === 'successor') {
    return { model: successor, notice: { setting: param, message: `The model '${requested}' was shut down by its provider on ${retiredOn}; its successor '${successor}' ran instead.` } };
  }
  const instead = successor === undefined ? '' : ` Use '${successor}' instead.`;
  throw invalidRequest(`The model '${requested}' was shut down by its provider on ${retiredOn} and can no longer be used.${instead}`, param, 'model_not_found');
}
