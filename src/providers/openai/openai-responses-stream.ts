import type { z } from 'zod';
import { invalidResponse } from '../shared/invalid-response.ts';
import type { LanguageModelStreamPart, LanguageModelToolCallPart } from '../spec/language-model.ts';
import { openAIResponsesFailedError, openAIResponsesStreamError } from './openai-responses-error.ts';
import { mapOpenAIResponsesFinishReason, mapOpenAIResponsesUsage, readFunctionCall } from './openai-responses-response.ts';
import {
  openAIResponseLifecycleEventSchema,
  openAIResponsesArgumentsDeltaEventSchema,
  openAIResponsesArgumentsDoneEventSchema,
  openAIResponsesOutputItemEventSchema,
  openAIResponsesTextDeltaEventSchema,
} from './openai-responses-wire.ts';

/** Terminal events: the stream is over once one of them arrived. */
export const OPENAI_RESPONSES_TERMINAL_EVENTS: ReadonlySet<string> = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

/**
 * Maps Responses stream events, one at a time, to the spec's stream parts:
 * - `response.output_text.delta` (and `response.refusal.delta`) → `text-delta`;
 * - a function call is emitted whole when its `response.output_item.done` arrives, with the
 *   arguments the item carries, else those gathered from `response.function_call_arguments.*`;
 * - `response.completed` / `response.incomplete` → any function call not yet emitted (from the
 *   final output), then `finish` with usage;
 * - `response.failed` and `error` throw a ProviderError.
 * Everything else (lifecycle, reasoning, content parts, `.done` echoes) carries nothing new.
 */
export class OpenAIResponsesStreamMapper {
  /** Set once a terminal event was mapped: nothing after it counts. */
  finished = false;
  /** Function calls in progress, by item id. */
  private readonly pendingCalls = new Map<string, { arguments: string }>();
  private readonly emittedCallIds = new Set<string>();

  constructor(private readonly provider: string) {}

  /** `payload` is the parsed event, `data` its raw text (kept in errors). */
  map(payload: unknown, data: string): LanguageModelStreamPart[] {
    if (this.finished) return [];
    const type = typeof payload === 'object' && payload !== null && 'type' in payload ? payload.type : undefined;
    if (typeof type !== 'string') {
      if (typeof payload === 'object' && payload !== null && 'error' in payload) throw openAIResponsesStreamError(this.provider, payload, data);
      throw this.malformed('an event without a type', data);
    }
    switch (type) {
      case 'response.output_text.delta':
      case 'response.refusal.delta': {
        const event = this.parse(openAIResponsesTextDeltaEventSchema, payload, type, data);
        return event.delta === '' ? [] : [{ type: 'text-delta', delta: event.delta }];
      }
      case 'response.output_item.added': {
        const { item } = this.parse(openAIResponsesOutputItemEventSchema, payload, type, data);
        if (item.type === 'function_call' && typeof item.id === 'string') this.pendingCalls.set(item.id, { arguments: '' });
        return [];
      }
      case 'response.function_call_arguments.delta': {
        const event = this.parse(openAIResponsesArgumentsDeltaEventSchema, payload, type, data);
        const pending = this.pendingCalls.get(event.item_id);
        if (pending) pending.arguments += event.delta;
        return [];
      }
      case 'response.function_call_arguments.done': {
        const event = this.parse(openAIResponsesArgumentsDoneEventSchema, payload, type, data);
        this.pendingCalls.set(event.item_id, { arguments: event.arguments });
        return [];
      }
      case 'response.output_item.done': {
        const { item } = this.parse(openAIResponsesOutputItemEventSchema, payload, type, data);
        if (item.type !== 'function_call') return [];
        const gathered = typeof item.id === 'string' ? this.pendingCalls.get(item.id)?.arguments : undefined;
        return this.emit(readFunctionCall(this.provider, { arguments: gathered ?? '', ...item }));
      }
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed': {
        const { response } = this.parse(openAIResponseLifecycleEventSchema, payload, type, data);
        this.finished = true;
        if (type === 'response.failed') throw openAIResponsesFailedError(this.provider, response, data);
        const late = response.output.filter((item) => item.type === 'function_call').flatMap((item) => this.emit(readFunctionCall(this.provider, item)));
        const finishReason = mapOpenAIResponsesFinishReason(response, this.emittedCallIds.size > 0);
        return [...late, { type: 'finish', finishReason, usage: mapOpenAIResponsesUsage(response.usage) }];
      }
      case 'error':
        this.finished = true;
        throw openAIResponsesStreamError(this.provider, payload, data);
      default:
        return [];
    }
  }

  /** Each call once, however many events describe it. */
  private emit(call: LanguageModelToolCallPart): LanguageModelToolCallPart[] {
    if (this.emittedCallIds.has(call.toolCallId)) return [];
    this.emittedCallIds.add(call.toolCallId);
    return [call];
  }

  private parse<T>(schema: z.ZodType<T>, payload: unknown, type: string, data: string): T {
    const result = schema.safeParse(payload);
    if (!result.success) throw this.malformed(`a malformed ${type} event`, data, result.error);
    return result.data;
  }

  private malformed(what: string, data: string, cause?: unknown): Error {
    return invalidResponse(this.provider, `${this.provider} sent ${what}`, data, cause);
  }
}
