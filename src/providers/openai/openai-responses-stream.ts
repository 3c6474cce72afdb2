import { invalidResponse } from '../shared/invalid-response.ts';
import type { LanguageModelStreamPart, LanguageModelToolCallPart } from '../spec/language-model.ts';
import { openAIResponsesFailedError, openAIResponsesStreamError } from './openai-responses-error.ts';
import { mapOpenAIResponsesFinishReason, mapOpenAIResponsesUsage, readFunctionCall } from './openai-responses-response.ts';
import { readOpenAIResponseOutcome } from './openai-responses-outcome.ts';
import type { OpenAIResponsesOutputItem } from './openai-responses-wire.ts';

/** Terminal events: the stream is over once one of them arrived. */
export const OPENAI_RESPONSES_TERMINAL_EVENTS: ReadonlySet<string> = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

/** The event types the mapper reads; any other type carries nothing new, whatever it holds. */
export const OPENAI_RESPONSES_MAPPED_EVENTS: ReadonlySet<string> = new Set([
  'response.output_text.delta',
  'response.refusal.delta',
  'response.output_item.added',
  'response.function_call_arguments.delta',
  'response.function_call_arguments.done',
  'response.output_item.done',
  ...OPENAI_RESPONSES_TERMINAL_EVENTS,
]);

const NO_PARTS: LanguageModelStreamPart[] = [];

/**
 * Maps Responses stream events, one at a time, to the spec's stream parts:
 * - `response.output_text.delta` (and `response.refusal.delta`) → `text-delta`;
 * - a function call is emitted whole when its `response.output_item.done` arrives, with the
 *   arguments the item carries, else those gathered from `response.function_call_arguments.*`;
 * - `response.completed` / `response.incomplete` → any function call not yet emitted (from the
 *   final output), then `finish` with usage;
 * - `response.failed` and `error` throw a ProviderError.
 * Everything else (lifecycle, reasoning, content parts, `.done` echoes) carries nothing new.
 *
 * Every event read is checked field by field with typeof (the terminal one as its zod schema
 * would check it, see readOpenAIResponseOutcome): each malformed event that is read is an
 * invalid_response all the same, without a schema parse per event.
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
    if (this.finished) return NO_PARTS;
    const event = typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined;
    const type = event?.['type'];
    if (event === undefined || typeof type !== 'string') {
      if (event !== undefined && 'error' in event) throw openAIResponsesStreamError(this.provider, payload, data);
      throw this.malformed('an event without a type', data);
    }
    switch (type) {
      case 'response.output_text.delta':
      case 'response.refusal.delta': {
        const delta = this.text(event, 'delta', type, data);
        return delta === '' ? NO_PARTS : [{ type: 'text-delta', delta }];
      }
      case 'response.output_item.added': {
        const item = this.item(event, type, data);
        if (item.type === 'function_call' && typeof item.id === 'string') this.pendingCalls.set(item.id, { arguments: '' });
        return NO_PARTS;
      }
      case 'response.function_call_arguments.delta': {
        const itemId = this.text(event, 'item_id', type, data);
        const delta = this.text(event, 'delta', type, data);
        const pending = this.pendingCalls.get(itemId);
        if (pending) pending.arguments += delta;
        return NO_PARTS;
      }
      case 'response.function_call_arguments.done': {
        const itemId = this.text(event, 'item_id', type, data);
        this.pendingCalls.set(itemId, { arguments: this.text(event, 'arguments', type, data) });
        return NO_PARTS;
      }
      case 'response.output_item.done': {
        const item = this.item(event, type, data);
        if (item.type !== 'function_call') return NO_PARTS;
        const gathered = typeof item.id === 'string' ? this.pendingCalls.get(item.id)?.arguments : undefined;
        return this.emit(readFunctionCall(this.provider, { arguments: gathered ?? '', ...item }));
      }
      case 'response.completed':
      case 'response.incomplete':
      case 'response.failed': {
        const read = readOpenAIResponseOutcome(event['response']);
        if ('issue' in read) throw this.malformed(`a malformed ${type} event`, data, new TypeError(read.issue));
        const response = read.outcome;
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
        return NO_PARTS;
    }
  }

  /** A string field of a read event; anything else makes the event malformed. */
  private text(event: Record<string, unknown>, field: string, type: string, data: string): string {
    const value = event[field];
    if (typeof value !== 'string') throw this.malformed(`a malformed ${type} event`, data, new TypeError(`${field} is not a string`));
    return value;
  }

  /** `output_index` (a whole number from 0) and `item` (an object with a string `type`) of an output item event. */
  private item(event: Record<string, unknown>, type: string, data: string): OpenAIResponsesOutputItem {
    const index = event['output_index'];
    const item = event['item'];
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) {
      throw this.malformed(`a malformed ${type} event`, data, new TypeError('output_index is not a whole number from 0'));
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item) || typeof (item as { type?: unknown }).type !== 'string') {
      throw this.malformed(`a malformed ${type} event`, data, new TypeError('item is not an object with a string type'));
    }
    return item as OpenAIResponsesOutputItem;
  }

  /** Each call once, however many events describe it. */
  private emit(call: LanguageModelToolCallPart): LanguageModelToolCallPart[] {
    if (this.emittedCallIds.has(call.toolCallId)) return [];
    this.emittedCallIds.add(call.toolCallId);
    return [call];
  }

  private malformed(what: string, data: string, cause?: unknown): Error {
    return invalidResponse(this.provider, `${this.provider} sent ${what}`, data, cause);
  }
}
