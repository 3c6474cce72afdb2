import type { IgnoredToolCall } from './wire.ts';

/**
 * Responses made from this browser, newest first. The server has no "list responses" endpoint
 * (OpenAI has none either), so the admin page shows what the chat here recorded.
 */
export interface RecentResponse {
  id: string;
  model: string;
  status: string;
  createdAt: number;
  imagesGenerated: number;
  costUsd: number | null;
  ignoredToolCalls: IgnoredToolCall[];
  keyPrefix: string;
}

const STORAGE_KEY = 'imagegate.recentResponses';
const MAX_KEPT = 50;

export function readRecentResponses(): RecentResponse[] {
  try {
    const parsed: unknown = JSON.parse(window.localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? (parsed as RecentResponse[]) : [];
  } catch {
    return [];
  }
}

export function recordRecentResponse(entry: RecentResponse): void {
  const kept = [entry, ...readRecentResponses().filter((existing) => existing.id !== entry.id)].slice(0, MAX_KEPT);
  try {
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(kept));
  } catch {
    // Storage full or disabled: the list is a convenience only.
  }
}
