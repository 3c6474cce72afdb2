/**
 * What the CLI reads from Images API answers: OpenAI's fields plus imagegate's extension
 * (`imagegate.cost.total_usd`, the `x-imagegate-cost-usd` header). Loose on purpose: the
 * installed SDK's types lack our fields and custom sizes.
 */
export interface ImagegateCostBlock {
  imagegate?: { cost?: { total_usd?: number | null } | null; warnings?: unknown[] } | null;
}

export interface ImagesResult extends ImagegateCostBlock {
  created?: number;
  data?: Array<{ b64_json?: string; revised_prompt?: string }>;
  size?: string;
  quality?: string;
  output_format?: string;
  background?: string;
  usage?: unknown;
}

/** `image_generation.partial_image` / `image_edit.partial_image` / `….completed`. */
export interface ImageStreamEvent extends ImagegateCostBlock {
  type: string;
  b64_json?: string;
  partial_image_index?: number;
  created_at?: number;
  size?: string;
  quality?: string;
  output_format?: string;
  background?: string;
  usage?: unknown;
}

/** One way to call the Images API (generation or edit), JSON or streamed. */
export interface ImagesCaller {
  once(): Promise<{ result: ImagesResult; headers: Headers }>;
  stream(partialImages: number | undefined): Promise<{ events: AsyncIterable<ImageStreamEvent>; headers: Headers }>;
}

/** The cost in dollars from the body's `imagegate.cost.total_usd`, else the header; null when unknown. */
export function costFrom(block: ImagegateCostBlock | undefined, headers: Headers | undefined): number | null | undefined {
  const fromBody = block?.imagegate?.cost?.total_usd;
  if (typeof fromBody === 'number' || fromBody === null) return fromBody;
  const header = headers?.get('x-imagegate-cost-usd');
  if (header !== null && header !== undefined && header.trim() !== '' && Number.isFinite(Number(header))) return Number(header);
  return undefined;
}

/** `$0.012345`, or `unknown` when the server could not price it. */
export function formatUsd(costUsd: number | null | undefined): string {
  return typeof costUsd === 'number' ? `$${costUsd.toFixed(6)}` : 'unknown';
}
