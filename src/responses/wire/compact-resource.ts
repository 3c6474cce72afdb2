import type { CostLineWire } from './response-object.ts';

/** OpenAI's `ResponseUsage` (which also requires `cache_write_tokens`; we write no provider cache, so 0). */
export type CompactionUsage = {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
};

/** A user message kept verbatim in a compaction's output (OpenAI keeps every user message). */
export type CompactedUserMessage = {
  id: string;
  type: 'message';
  status: 'completed';
  content: unknown[];
  role: 'user';
};

/** The compaction item (OpenAI's `CompactionBody`): the summary, sealed for the key that asked. */
export type CompactionOutputItem = {
  id: string;
  type: 'compaction';
  encrypted_content: string;
};

/**
 * The answer of `POST /v1/responses/compact` (`CompactResource`): the user messages, then one
 * compaction item; sent back as the next request's input, it stands for the whole conversation.
 */
export type CompactResource = {
  id: string;
  object: 'response.compaction';
  /** Unix seconds. */
  created_at: number;
  output: Array<CompactedUserMessage | CompactionOutputItem>;
  usage: CompactionUsage;
  /** Our extension, as on every Response: who summarized, and what it cost. */
  imagegate: {
    simulated: boolean;
    resolved_model: string;
    cost: { currency: 'USD'; total_usd: number | null; known: boolean; lines: CostLineWire[] };
  };
};
