import { z } from 'zod';
import { integerInRange } from './wire-primitives.ts';

/** imagegate's own request extension, `imagegate: {...}` in the body. */
export const imagegateOptionsSchema = z.strictObject({
  /** Upper bound on images generated for this response; 0 forbids image generation. */
  max_images: integerInRange(0).optional(),
  /** Exactly this many images must be generated. */
  exact_images: integerInRange(1).optional(),
  /** Budget for this response in US dollars; must be positive. */
  max_cost_usd: z.number().positive().optional(),
});

export type ImagegateOptions = z.infer<typeof imagegateOptionsSchema>;
