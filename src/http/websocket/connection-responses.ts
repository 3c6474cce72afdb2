import type { HistoryLink, LocalResponses } from '../../service/load-history.ts';

/**
 * A connection's own `store: false` responses, so `previous_response_id` can continue them on
 * this socket (and nowhere else: they are never written to storage). Bounded: past
 * `maxResponses` the least recently used is dropped, so a long chain may lose its oldest turns.
 */
export class ConnectionResponses implements LocalResponses {
  private readonly links = new Map<string, HistoryLink>();

  constructor(private readonly maxResponses: number) {}

  /** A response for `previous_response_id`; a hit counts as a use. */
  response(id: string): HistoryLink | undefined {
    const link = this.links.get(id);
    if (link === undefined) return undefined;
    this.links.delete(id);
    this.links.set(id, link);
    return link;
  }

  /** An input or output item of a held response, newest response first. */
  item(id: string): unknown {
    for (const link of [...this.links.values()].reverse()) {
      const found = [...link.output, ...link.inputItems].find((item) => (item as { id?: unknown }).id === id);
      if (found !== undefined) return found;
    }
    return undefined;
  }

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
