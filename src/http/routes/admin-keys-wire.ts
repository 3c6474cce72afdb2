import { z } from 'zod';
import { modelNameSchema } from '../../responses/request/wire-primitives.ts';
import type { ApiKeyRecord, KeyPolicy } from '../../storage/key-store.ts';

const usd = z.number().nonnegative().max(1_000_000);
const toMicros = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 1_000_000));
const fromMicros = (value: number | undefined) => (value === undefined ? undefined : value / 1_000_000);

/** A key's policy on the wire (dollars, snake_case); stored as micro-dollars. */
export const keyPolicyWireSchema = z
  .object({
    allowed_models: z.array(modelNameSchema).max(1000).optional(),
    max_images_per_response: z.number().int().min(0).optional(),
    exact_images: z.number().int().min(1).optional(),
    max_cost_per_response_usd: usd.optional(),
    budgets: z.object({ daily_usd: usd.optional(), monthly_usd: usd.optional(), total_usd: usd.optional() }).strict().optional(),
    rate_limits: z.object({ requests_per_minute: z.number().int().positive().optional(), images_per_minute: z.number().int().min(0).optional() }).strict().optional(),
  })
  .strict();

export const createKeyWireSchema = z.object({ name: z.string().min(1).max(200), policy: keyPolicyWireSchema.default({}) }).strict();
export const updateKeyWireSchema = z.object({ name: z.string().min(1).max(200).optional(), policy: keyPolicyWireSchema.optional() }).strict();

export type KeyPolicyWire = z.infer<typeof keyPolicyWireSchema>;

export function policyFromWire(wire: KeyPolicyWire): KeyPolicy {
  const policy: KeyPolicy = {};
  if (wire.allowed_models) policy.allowedModels = wire.allowed_models;
  if (wire.max_images_per_response !== undefined) policy.maxImagesPerResponse = wire.max_images_per_response;
  if (wire.exact_images !== undefined) policy.exactImages = wire.exact_images;
  if (wire.max_cost_per_response_usd !== undefined) policy.maxCostPerResponseMicros = toMicros(wire.max_cost_per_response_usd)!;
  if (wire.budgets) {
    policy.budgets = {};
    if (wire.budgets.daily_usd !== undefined) policy.budgets.dailyMicros = toMicros(wire.budgets.daily_usd)!;
    if (wire.budgets.monthly_usd !== undefined) policy.budgets.monthlyMicros = toMicros(wire.budgets.monthly_usd)!;
    if (wire.budgets.total_usd !== undefined) policy.budgets.totalMicros = toMicros(wire.budgets.total_usd)!;
  }
  if (wire.rate_limits) {
    policy.rateLimits = {};
    if (wire.rate_limits.requests_per_minute !== undefined) policy.rateLimits.requestsPerMinute = wire.rate_limits.requests_per_minute;
    if (wire.rate_limits.images_per_minute !== undefined) policy.rateLimits.imagesPerMinute = wire.rate_limits.images_per_minute;
  }
  return policy;
}

export function policyToWire(policy: KeyPolicy): KeyPolicyWire {
  return {
    allowed_models: policy.allowedModels,
    max_images_per_response: policy.maxImagesPerResponse,
    exact_images: policy.exactImages,
    max_cost_per_response_usd: fromMicros(policy.maxCostPerResponseMicros),
    budgets: policy.budgets
      ? { daily_usd: fromMicros(policy.budgets.dailyMicros), monthly_usd: fromMicros(policy.budgets.monthlyMicros), total_usd: fromMicros(policy.budgets.totalMicros) }
      : undefined,
    rate_limits: policy.rateLimits ? { requests_per_minute: policy.rateLimits.requestsPerMinute, images_per_minute: policy.rateLimits.imagesPerMinute } : undefined,
  };
}

/** A key as the admin API shows it: never the hash; the secret only once, at creation. */
export function keyToWire(record: ApiKeyRecord, secret?: string): Record<string, unknown> {
  return {
    id: record.id,
    object: 'imagegate.api_key',
    name: record.name,
    prefix: record.prefix,
    created_at: Math.floor(record.createdAt / 1000),
    revoked_at: record.revokedAt === null ? null : Math.floor(record.revokedAt / 1000),
    policy: policyToWire(record.policy),
    ...(secret === undefined ? {} : { secret }),
  };
}
