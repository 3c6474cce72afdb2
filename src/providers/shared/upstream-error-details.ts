import type { UpstreamErrorDetails } from '../spec/provider-error.ts';

/**
 * Reads the error object the JSON APIs we call share in shape: OpenAI and OpenAI-compatible
 * servers `{error:{message,type,param,code}}`, Anthropic `{type:"error",error:{type,message}}`,
 * Google `{error:{code,message,status}}` (google.rpc.Status; its `status` is kept as `type`,
 * its numeric `code` is the HTTP status and not kept). Empty when the body is none of these.
 * Provider quirks beyond this (Google's RetryInfo, stream events) stay in each provider's mapper.
 */
export function readUpstreamErrorDetails(body: string | undefined): UpstreamErrorDetails {
  if (body === undefined || body === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body) as unknown;
  } catch {
    return {};
  }
  if (!isRecord(parsed)) return {};
  if (typeof parsed['error'] === 'string') return { message: parsed['error'] };
  const error = isRecord(parsed['error']) ? parsed['error'] : parsed['object'] === 'error' ? parsed : undefined;
  if (error === undefined) return { message: text(parsed['message']) };
  return upstreamDetailsOf(error);
}

/** The fields of one error object; a numeric `code` is kept only when it is not an HTTP status. */
export function upstreamDetailsOf(error: Record<string, unknown>): UpstreamErrorDetails {
  const code = typeof error['code'] === 'string' && error['code'] !== '' ? error['code'] : undefined;
  const type = text(error['type']) ?? text(error['status']);
  return { code, type, param: text(error['param']), message: text(error['message']) };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
