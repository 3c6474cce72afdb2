import type { HistoryLink } from '../../service/load-history.ts';

/**
 * A connection's own `store: false` responses, so `previous_response_id` can continue them on
 * this socket (and nowhere else: they are never written to storage). Bounded: past
 * `maxResponses` the least recently used is dropped, so a long chain may lose its oldest turns.
 */
export class ConnectionResponses {
  private readonly links = new Map<string, HistoryLink>();

  constructor(private readonly maxResponses: number) {}

  /** The lookup handed to loadHistory; a hit counts as a use. */
  readonly lookup = (id: string): HistoryLink | undefined => {
    const link = this.links.get(id);
    if (link === undefined) return undefined;
    this.links.delete(id);
    this.links.set(id, link);
    return link;
  };

  remember(id: string, link: HistoryLink): void {
    this.links.delete(id);
    this.links.set(id, link);
    while (this.links.size > this.maxResponses) {
      const oldest = this.links.keys().next().value;
      if (oldest === undefined) break;
      this.links.delete(oldest);
    }
  }

  /** After a failed continuation the spec wants the referenced response gone from this connection. */
  evict(id: string): void {
    this.links.delete(id);
  }

  get size(): number {
    return this.links.size;
  }
}
