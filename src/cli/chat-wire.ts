/**
 * The parts of Responses API stream events the chat reads, loosely typed: our `imagegate`
 * block and image call fields are outside the installed SDK's types.
 */
export interface ChatStreamEvent {
  type: string;
  delta?: string;
  item?: { type: string; id?: string; status?: string; result?: string | null };
  partial_image_index?: number;
  response?: ChatResponse;
  /** On `error` events. */
  code?: string | null;
  message?: string;
}

export interface ChatResponse {
  id: string;
  status: string;
  error?: { code?: string; message?: string } | null;
  incomplete_details?: { reason?: string } | null;
  imagegate?: {
    images_generated?: number;
    limits?: { max_images?: number | null };
    cost?: { total_usd?: number | null } | null;
    ignored_tool_calls?: Array<{ reason: string; prompt?: string | null }>;
    /** `{source, setting?, message}` objects (strings from older servers are accepted too). */
    warnings?: unknown[];
  };
}

/** The image tool settings the chat offers (only the ones the user set). */
export interface ChatImageSettings {
  size?: string;
  quality?: string;
  format?: string;
  background?: string;
}

export function imageTool(settings: ChatImageSettings, action: 'edit' | undefined): Record<string, string> {
  const fields: Record<string, string | undefined> = {
    type: 'image_generation',
    size: settings.size,
    quality: settings.quality,
    output_format: settings.format,
    background: settings.background,
    action,
  };
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
