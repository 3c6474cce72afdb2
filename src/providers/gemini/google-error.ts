import { z } from 'zod';
import { parseJsonAs } from '../shared/parse-json-as.ts';
import { parseRetryAfter } from '../shared/fetch-with-retry.ts';
import type { ProviderSettings } from '../shared/provider-settings.ts';

/**
 * Google's error model, `{error:{code, message, status, details[]}}` (google.rpc.Status as JSON,
 * cloud.google.com/apis/design/errors), as both the Gemini API's text and image endpoints send it.
 */
const googleErrorSchema = z.object({
  error: z.looseObject({
    code: z.number().nullish(),
    message: z.string().nullish(),
    status: z.string().nullish(),
    details: z.array(z.record(z.string(), z.unknown())).nullish(),
  }),
});

export interface GoogleErrorDetails {
  /** The HTTP status the error model names, e.g. 429. */
  readonly code: number | undefined;
  /** e.g. `RESOURCE_EXHAUSTED`, `INVALID_ARGUMENT`. */
  readonly status: string | undefined;
  readonly message: string | undefined;
  /** From a `google.rpc.RetryInfo` detail, in seconds (fractions kept: `parseRetryAfter` reads them). */
  readonly retryDelaySeconds: number | undefined;
  /** The `reason`s of `google.rpc.ErrorInfo` details, e.g. `API_KEY_INVALID`. */
  readonly reasons: ReadonlyArray<string>;
}

const RETRY_INFO = 'type.googleapis.com/google.rpc.RetryInfo';
const ERROR_INFO = 'type.googleapis.com/google.rpc.ErrorInfo';

/** Reads Google's error model; undefined for anything else. */
export function parseGoogleError(text: string | undefined): GoogleErrorDetails | undefined {
  const parsed = parseJsonAs(googleErrorSchema, text);
  if (parsed === undefined) return undefined;
  const { code, status, message, details } = parsed.error;
  let retryDelaySeconds: number | undefined;
  const reasons: string[] = [];
  for (const detail of details ?? []) {
    // A protobuf Duration in JSON: seconds with an `s`, e.g. "34.4s".
    const match = detail['@type'] === RETRY_INFO && typeof detail.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay) : null;
    if (match !== null) retryDelaySeconds ??= Number(match[1]);
    if (detail['@type'] === ERROR_INFO && typeof detail.reason === 'string') reasons.push(detail.reason);
  }
  return { code: code ?? undefined, status: status ?? undefined, message: message ?? undefined, retryDelaySeconds, reasons };
}

/**
 * Google answers 429 RESOURCE_EXHAUSTED with the wait in the body (RetryInfo `retryDelay`)
 * rather than a `Retry-After` header. With these settings the shared retry logic reads that
 * delay when the header is absent, so it waits as long as asked instead of backing off 0.5 s.
 */
export function withGoogleRetryInfo(settings: ProviderSettings): ProviderSettings {
  return { ...settings, retryAfterFromBody: googleRetryAfterMillis };
}

/** The RetryInfo delay of a Google error body, in milliseconds (read like a Retry-After of that many seconds). */
export function googleRetryAfterMillis(body: string): number | undefined {
  const seconds = parseGoogleError(body)?.retryDelaySeconds;
  return seconds === undefined ? undefined : parseRetryAfter(String(seconds));
}
