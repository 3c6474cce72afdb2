/** The parts of imagegate's wire format the UI reads (see the README's "Extensions"). */

export interface IgnoredToolCall {
  call_id: string;
  prompt: string | null;
  reason: string;
  reused_item_id?: string;
}

export interface ImagegateBlock {
  simulated?: boolean;
  resolved_model?: string;
  images_generated: number;
  ignored_tool_calls: IgnoredToolCall[];
  limits?: { max_tool_calls: number | null; max_images: number | null; exact_images: number | null };
  warnings?: unknown[];
  cost?: { currency: string; total_usd: number | null; known: boolean };
}

export interface WireOutputItem {
  id: string;
  type: string;
  status?: string;
  result?: string | null;
  output_format?: string;
  revised_prompt?: string | null;
  content?: Array<{ type: string; text?: string }>;
}

export interface WireResponse {
  id: string;
  status: string;
  model: string;
  created_at: number;
  output: WireOutputItem[];
  error?: { message?: string; code?: string } | null;
  incomplete_details?: { reason?: string } | null;
  previous_response_id?: string | null;
  imagegate?: ImagegateBlock;
}

/** `GET /v1/imagegate/key`: the calling key's own policy and what each budget window has left. */
export interface OwnKeyWire {
  kind: 'key' | 'admin' | 'anonymous';
  id: string | null;
  name: string | null;
  budgets: Array<{ scope: 'daily' | 'monthly' | 'total'; limit_usd: number; used_usd: number; left_usd: number; resets_at: number | null }>;
}

export interface UsageRow {
  /** Null for usage made without a key (open server). */
  group: string | null;
  cost_usd: number;
  images: number;
  input_tokens: number;
  output_tokens: number;
  entries: number;
}

export interface UsageReport {
  group_by: string;
  data: UsageRow[];
  totals: Omit<UsageRow, 'group'>;
}

export interface KeyPolicyWire {
  allowed_models?: string[];
  max_images_per_response?: number;
  exact_images?: number;
  max_cost_per_response_usd?: number;
  budgets?: { daily_usd?: number; monthly_usd?: number; total_usd?: number };
  rate_limits?: { requests_per_minute?: number; images_per_minute?: number };
}

export interface ApiKeyWire {
  id: string;
  name: string;
  prefix: string;
  created_at: number;
  revoked_at: number | null;
  policy: KeyPolicyWire;
  secret?: string;
}

/** Why an image call did not run, in words (reasons from `imagegate.ignored_tool_calls`). */
export const IGNORED_REASON_TEXT: Record<string, string> = {
  max_tool_calls: 'tool-call limit reached',
  max_images: 'image limit reached',
  exact_images: 'exact image count already made',
  duplicate_prompt: 'same prompt as an earlier image',
  budget: 'the key’s budget would be exceeded',
  max_cost: 'the response cost limit would be exceeded',
  unknown_price: 'price unknown',
  tool_not_offered: 'tool not offered',
  step_limit: 'step limit reached',
  unknown_tool: 'unknown tool',
  invalid_arguments: 'invalid arguments',
  no_image_to_edit: 'no image to edit',
  max_output_tokens: 'output token limit reached',
};
