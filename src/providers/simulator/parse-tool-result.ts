/** Name of the built-in image tool as the server offers it to chat models. */
export const IMAGE_TOOL_NAME = 'image_generation';

export type ImageResultStatus = 'delivered' | 'reused' | 'not_executed' | 'failed' | 'unknown';

/** What the simulator reads from one `image_generation` tool result. */
export interface ImageToolResult {
  readonly status: ImageResultStatus;
  /** Why the call was not executed or failed, e.g. `max_images`. */
  readonly reason: string | undefined;
  /** How many more images the server will allow in this response, when it said. */
  readonly imagesRemaining: number | undefined;
}

const KNOWN_STATUSES: ReadonlySet<string> = new Set(['delivered', 'reused', 'not_executed', 'failed']);

/**
 * Reads the server's JSON result defensively: a model has to cope with whatever text comes back,
 * so anything that is not the expected object becomes an `unknown` result instead of an error.
 */
export function parseImageToolResult(output: string): ImageToolResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(output);
  } catch {
    return { status: 'unknown', reason: undefined, imagesRemaining: undefined };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { status: 'unknown', reason: undefined, imagesRemaining: undefined };
  }
  const record = parsed as Record<string, unknown>;
  const status = typeof record['status'] === 'string' && KNOWN_STATUSES.has(record['status'])
    ? (record['status'] as ImageResultStatus)
    : 'unknown';
  const reasonValue = record['reason'] ?? record['error'] ?? record['code'];
  const reason = typeof reasonValue === 'string' && reasonValue.length > 0 ? reasonValue : undefined;
  const remainingValue = record['images_remaining'];
  const imagesRemaining = typeof remainingValue === 'number' && Number.isFinite(remainingValue)
    ? remainingValue
    : undefined;
  return { status, reason, imagesRemaining };
}

/** `delivered` and `reused` both mean the user can see an image. */
export function isImageTheUserHas(result: ImageToolResult): boolean {
  return result.status === 'delivered' || result.status === 'reused';
}

/** The server said no more images: the well-behaved model stops asking. */
export function isStopSignal(result: ImageToolResult): boolean {
  return result.status === 'not_executed' || result.imagesRemaining === 0;
}
