import type { InputItemsPageOptions } from './response-store.ts';

export interface PagePositions {
  /** Positions into the original list, in the requested order. */
  positions: number[];
  hasMore: boolean;
}

/**
 * Cursor pagination over a list identified by item ids, as OpenAI's list endpoints do it:
 * `after` pages forward, `before` alone returns the page just before the cursor.
 * An unknown cursor id gives an empty page.
 */
export function pageById(ids: readonly string[], options: InputItemsPageOptions): PagePositions {
  const ordered = ids.map((_, position) => position);
  if (options.order === 'desc') ordered.reverse();
  const indexOf = (id: string): number => ordered.findIndex((position) => ids[position] === id);
  let start = 0;
  let end = ordered.length;
  if (options.after !== undefined) {
    const index = indexOf(options.after);
    if (index === -1) return { positions: [], hasMore: false };
    start = index + 1;
  }
  if (options.before !== undefined) {
    const index = indexOf(options.before);
    if (index === -1) return { positions: [], hasMore: false };
    end = index;
  }
  const window = ordered.slice(start, Math.max(start, end));
  const limit = Math.max(0, Math.floor(options.limit));
  const hasMore = window.length > limit;
  const backwards = options.before !== undefined && options.after === undefined;
  const positions = backwards ? window.slice(window.length - Math.min(limit, window.length)) : window.slice(0, limit);
  return { positions, hasMore };
}
