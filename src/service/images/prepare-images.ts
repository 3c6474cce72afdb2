import { ApiError, invalidRequest, notFound } from '../../errors/api-error.ts';
import type { ResolvedImageModel } from '../../providers/registry/provider-registry.ts';
import { chooseLiveModel } from '../retired-models.ts';
import type { Principal, Services } from '../services.ts';
import { newImagesRequestId } from './images-request-id.ts';
import type { ImagesRequest } from './images-request.ts';

/** An Images API request with its backend, owner and caps decided: ready to reserve money. */
export interface PreparedImages {
  request: ImagesRequest;
  /** `img_…`: names this request in the ledger and in budget reservations. */
  requestId: string;
  principal: Principal;
  imageModel: ResolvedImageModel;
  /** The strictest cap on this request's cost: key policy or `x-imagegate-max-cost-usd`. */
  maxCostMicros: number | undefined;
}

/**
 * Applies the key's policy and the server's limits to a validated request. `n` is never
 * lowered silently: above a cap it is a 400 naming `n`.
 */
export async function prepareImages(request: ImagesRequest, header: (name: string) => string | undefined, services: Services, principal: Principal): Promise<PreparedImages> {
  const policy = principal.policy;
  // allowedModels lists the names clients send as `model`; here that is the image model.
  // Without `model` the server's default image backend runs, which every key may use.
  if (request.model !== undefined && policy?.allowedModels && !policy.allowedModels.includes(request.model)) {
    throw notFound(`The model '${request.model}' does not exist or you do not have access to it.`, 'model', 'model_not_found');
  }
  const caps: Array<[number | undefined, string]> = [
    [services.config.limits.maxImagesPerResponse, 'the server allows'],
    [policy?.maxImagesPerResponse, 'this API key allows'],
    // An exact count per response is also an upper bound; `n` is already exact here.
    [policy?.exactImages, 'this API key makes exactly'],
  ];
  for (const [cap, who] of caps) {
    if (cap !== undefined && request.n > cap) {
      throw invalidRequest(`Invalid 'n': ${request.n} images were asked for, but ${who} ${cap} per request.`, 'n', 'integer_above_max_value');
    }
  }
  await enforceImageRate(services, principal, request.n);
  const choice = request.model === undefined ? undefined : chooseLiveModel(services, 'image', request.model, 'model');
  const imageModel = services.registry.resolveImageModel(choice?.model, undefined, choice?.notice);
  const headerCap = parseMaxCostHeader(header('x-imagegate-max-cost-usd'));
  const policyCap = policy?.maxCostPerResponseMicros;
  const maxCostMicros = headerCap === undefined ? policyCap : policyCap === undefined ? headerCap : Math.min(headerCap, policyCap);
  const requestId = newImagesRequestId(services.generateId);
  return { request, requestId, principal, imageModel, maxCostMicros };
}

/** The key's images-per-minute limit (shared by every instance): a request that would pass it is refused whole. */
async function enforceImageRate(services: Services, principal: Principal, n: number): Promise<void> {
  const perMinute = principal.policy?.rateLimits?.imagesPerMinute;
  if (perMinute === undefined || principal.keyId === null) return;
  const left = Math.max(0, perMinute - (await services.rateLimiter.count(principal.keyId, 'image')));
  if (n > left) {
    throw new ApiError(429, 'requests', `Rate limit reached: this key may make ${perMinute} images per minute and has ${left} left.`, 'n', 'rate_limit_exceeded');
  }
}

/** `x-imagegate-max-cost-usd: 0.25` → micro-dollars (rounded down: the cap never grows). */
function parseMaxCostHeader(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (!/^\d+(\.\d{1,6})?$/.test(value.trim()) || Number(value) <= 0) {
    throw invalidRequest(`Invalid value for header 'x-imagegate-max-cost-usd': '${value}'. Expected a positive amount in dollars, e.g. 0.25.`, 'x-imagegate-max-cost-usd', 'invalid_value');
  }
  return Math.floor(Number(value) * 1_000_000);
}
