import type { IgnoredToolCall } from './wire.ts';

/** One row of the admin page's recent responses (from `GET /v1/admin/responses`). */
export interface RecentResponse {
  id: string;
  model: string;
  status: string;
  createdAt: number;
  imagesGenerated: number;
  costUsd: number | null;
  ignoredToolCalls: IgnoredToolCall[];
  /** Null for a response made without a key (open server). */
  keyId: string | null;
}
