/** The parts of a provider URL that a call needs: where to connect, what to ask, what to trace. */
export interface UpstreamTarget {
  readonly origin: string;
  readonly hostname: string;
  /** The URL without its query (some providers take their key there): what a trace records. */
  readonly withoutQuery: string;
  /** Path and query, as sent on the request line. */
  readonly path: string;
}

/** Provider URLs are a handful per configured provider; names with ids in them come and go. */
const MAX_CACHED_URLS = 256;
const targets = new Map<string, UpstreamTarget>();

/**
 * A provider URL taken apart once: every call to the same endpoint reuses the parts instead of
 * parsing the URL again (twice per call before: the trace and the pool). Invalid URLs throw as
 * `new URL` does.
 */
export function upstreamTarget(url: string): UpstreamTarget {
  let target = targets.get(url);
  if (target === undefined) {
    const parsed = new URL(url);
    target = { origin: parsed.origin, hostname: parsed.hostname, withoutQuery: `${parsed.origin}${parsed.pathname}`, path: `${parsed.pathname}${parsed.search}` };
    if (targets.size >= MAX_CACHED_URLS) targets.clear();
    targets.set(url, target);
  }
  return target;
}
