import { invalidRequest } from '../../errors/api-error.ts';

/** Per-request limits sent as headers, for clients whose SDK cannot add body fields. */
export interface ImagegateHeaderLimits {
  /** `x-imagegate-max-images`: at most this many images; 0 forbids image generation. */
  maxImages?: number;
  /** `x-imagegate-exact-images`: exactly this many images, at least 1. */
  exactImages?: number;
  /** `x-imagegate-max-tool-calls`: at most this many built-in tool calls, at least 1. */
  maxToolCalls?: number;
}

export const MAX_IMAGES_HEADER = 'x-imagegate-max-images';
export const EXACT_IMAGES_HEADER = 'x-imagegate-exact-images';
export const MAX_TOOL_CALLS_HEADER = 'x-imagegate-max-tool-calls';

const DIGITS = /^\d+$/;

/**
 * Reads imagegate's limit headers through `get` (case-insensitive lookup, e.g. Hono's
 * `c.req.header`). Absent or empty headers are ignored; anything but a plain decimal integer in
 * range is a 400 whose `param` is the header name.
 */
export function parseImagegateHeaders(get: (name: string) => string | undefined): ImagegateHeaderLimits {
  const limits: ImagegateHeaderLimits = {};
  const maxImages = readInteger(get, MAX_IMAGES_HEADER, 0);
  if (maxImages !== undefined) limits.maxImages = maxImages;
  const exactImages = readInteger(get, EXACT_IMAGES_HEADER, 1);
  if (exactImages !== undefined) limits.exactImages = exactImages;
  const maxToolCalls = readInteger(get, MAX_TOOL_CALLS_HEADER, 1);
  if (maxToolCalls !== undefined) limits.maxToolCalls = maxToolCalls;
  if (exactImages !== undefined && maxImages !== undefined && exactImages > maxImages) {
    throw invalidRequest(
      `Invalid value for header '${EXACT_IMAGES_HEADER}': ${exactImages} exceeds '${MAX_IMAGES_HEADER}' (${maxImages}).`,
      EXACT_IMAGES_HEADER,
      'invalid_value',
    );
  }
  return limits;
}

function readInteger(get: (name: string) => string | undefined, name: string, minimum: number): number | undefined {
  const raw = get(name)?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = DIGITS.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < minimum) {
    const shown = raw.length > 40 ? `${raw.slice(0, 40)}...` : raw;
    throw invalidRequest(
      `Invalid value for header '${name}': expected an integer >= ${minimum}, but got '${shown}'.`,
      name,
      'invalid_value',
    );
  }
  return value;
}
