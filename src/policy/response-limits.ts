/** Limits on built-in tool calls for one response. `undefined` = no limit from that source. */
export interface LimitSource {
  maxToolCalls?: number | undefined;
  maxImages?: number | undefined;
  exactImages?: number | undefined;
}

export interface ResponseLimits {
  /** OpenAI's `max_tool_calls`: all built-in tool calls, executed ones counted. */
  maxToolCalls: number | undefined;
  maxImages: number | undefined;
  /** Force the image tool until this many images exist (never above the other caps). */
  exactImages: number | undefined;
}

/**
 * Combines limits from server config, the API key's policy, the request body and headers:
 * the strictest wins. An exact count above a cap is lowered to the cap.
 */
export function combineLimits(sources: ReadonlyArray<LimitSource>): ResponseLimits {
  const smallest = (values: Array<number | undefined>): number | undefined => {
    const defined = values.filter((value): value is number => value !== undefined);
    return defined.length === 0 ? undefined : Math.min(...defined);
  };
  const maxToolCalls = smallest(sources.map((source) => source.maxToolCalls));
  const maxImages = smallest(sources.map((source) => source.maxImages));
  const exactRequested = smallest(sources.map((source) => source.exactImages));
  const exactImages = exactRequested === undefined ? undefined : smallest([exactRequested, maxToolCalls, maxImages]);
  return { maxToolCalls, maxImages, exactImages };
}
