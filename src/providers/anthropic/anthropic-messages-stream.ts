import type { z } from 'zod';
import { invalidResponse } from '../shared/invalid-response.ts';
import type { SseMessage } from '../shared/read-sse.ts';
import { parseSseJson, readNextSse } from '../shared/sse-read-errors.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { anthropicStreamError } from './anthropic-messages-error.ts';
import { mapAnthropicStopReason, mapAnthropicUsage } from './anthropic-messages-response.ts';
import {
  type AnthropicUsage,
  anthropicContentBlockDeltaEventSchema,
  anthropicContentBlockStartEventSchema,
  anthropicContentBlockStopEventSchema,
  anthropicMessageDeltaEventSchema,
  anthropicMessageStartEventSchema,
  anthropicTextBlockSchema,
  anthropicToolUseBlockSchema,
} from './anthropic-messages-wire.ts';

export interface MapAnthropicStreamOptions {
  readonly provider: string;
  readonly abortSignal: AbortSignal;
}

type OpenBlock = { kind: 'text' } | { kind: 'tool'; id: string; name: string; json: string };

/**
 * Turns the Messages event stream into spec parts: text deltas as they come, each tool call
 * whole at its `content_block_stop` (its `input_json_delta` pieces joined per block index),
 * then one `finish` once `message_stop` arrives. An `error` event, a cut connection or a body
 * that ends before `message_stop` rejects with a ProviderError; an abort rejects with its reason.
 */
export async function* mapAnthropicMessagesStream(messages: AsyncIterable<SseMessage>, options: MapAnthropicStreamOptions): AsyncGenerator<LanguageModelStreamPart> {
  const { provider, abortSignal } = options;
  const blocks = new Map<number, OpenBlock>();
  let usage: AnthropicUsage = {};
  let stopReason: string | null | undefined;
  const iterator = messages[Symbol.asyncIterator]();
  const reading = { provider, abortSignal, brokeOff: `${provider} stream broke off before message_stop` };
  try {
    for (;;) {
      abortSignal.throwIfAborted();
      const next = await readNextSse(iterator, reading);
      if (next.done === true) throw invalidResponse(provider, `${provider} stream ended before message_stop`, undefined);
      const data = next.value.data;
      const event = parseSseJson(provider, data);
      const type = typeof event === 'object' && event !== null && 'type' in event ? event.type : undefined;
      switch (type) {
        case 'message_start':
          usage = mergeUsage(usage, parse(provider, anthropicMessageStartEventSchema, event, data).message.usage);
          break;
        case 'content_block_start': {
          const { index, content_block: block } = parse(provider, anthropicContentBlockStartEventSchema, event, data);
          if (block.type === 'text') {
            blocks.set(index, { kind: 'text' });
            const text = parse(provider, anthropicTextBlockSchema, block, data).text;
            if (text !== '') yield { type: 'text-delta', delta: text };
          } else if (block.type === 'tool_use') {
            const toolUse = parse(provider, anthropicToolUseBlockSchema, block, data);
            blocks.set(index, { kind: 'tool', id: toolUse.id, name: toolUse.name, json: '' });
          }
          break;
        }
        case 'content_block_delta': {
          const { index, delta } = parse(provider, anthropicContentBlockDeltaEventSchema, event, data);
          const block = blocks.get(index);
          // Text is passed on even for a block whose start we did not see; it cannot belong to a tool.
          if (delta.type === 'text_delta' && block?.kind !== 'tool' && delta.text) yield { type: 'text-delta', delta: delta.text };
          else if (delta.type === 'input_json_delta' && block?.kind === 'tool') block.json += delta.partial_json ?? '';
          break;
        }
        case 'content_block_stop': {
          const { index } = parse(provider, anthropicContentBlockStopEventSchema, event, data);
          const block = blocks.get(index);
          blocks.delete(index);
          // A tool without arguments streams no JSON at all (only an empty partial_json).
          if (block?.kind === 'tool') yield { type: 'tool-call', toolCallId: block.id, toolName: block.name, input: block.json === '' ? '{}' : block.json };
          break;
        }
        case 'message_delta': {
          const delta = parse(provider, anthropicMessageDeltaEventSchema, event, data);
          stopReason = delta.delta.stop_reason ?? stopReason;
          usage = mergeUsage(usage, delta.usage);
          break;
        }
        case 'message_stop':
          yield { type: 'finish', finishReason: mapAnthropicStopReason(stopReason), usage: mapAnthropicUsage(usage) };
          return;
        case 'error':
          throw anthropicStreamError(provider, data);
        default:
          // `ping` and event types added in later API versions.
          break;
      }
    }
  } finally {
    // Stops reading (and so cancels the body) on every way out: done, failed, or the consumer left.
    await iterator.return?.().catch(() => undefined);
  }
}

/** message_delta repeats the counts cumulatively; a later non-null value replaces an earlier one. */
function mergeUsage(current: AnthropicUsage, next: AnthropicUsage | null | undefined): AnthropicUsage {
  if (!next) return current;
  const merged: AnthropicUsage = { ...current };
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    const value = next[key];
    if (value !== null && value !== undefined) merged[key] = value;
  }
  if (next.output_tokens_details) merged.output_tokens_details = next.output_tokens_details;
  return merged;
}

function parse<Schema extends z.ZodType>(provider: string, schema: Schema, value: unknown, data: string): z.infer<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalidResponse(provider, `${provider} sent a malformed stream event: ${parsed.error.issues[0]?.message ?? 'unknown'}`, data);
  return parsed.data;
}
