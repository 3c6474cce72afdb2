import { invalidResponse } from '../shared/invalid-response.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { readOpenAIResponseOutcome } from './openai-responses-outcome.ts';
import { OpenAIResponsesStreamMapper } from './openai-responses-stream.ts';
import type { OpenAIResponsesOutputItem } from './openai-responses-wire.ts';

/**
 * A whole (non-streamed) Response as the parts its event stream gives, through the stream's own
 * mapper, so the loop cannot tell the two apart: each text (and refusal) part of a message as one
 * `text-delta`, each function call as its `response.output_item.done` emits it, then the terminal
 * event the status names (`response.failed` throws, `response.incomplete` says why; usage and the
 * finish reason as the stream's last event gives them). The Response is checked as a terminal
 * event's is; `text` is the raw body, kept in errors.
 */
export function foldOpenAIResponse(provider: string, payload: unknown, text: string): LanguageModelStreamPart[] {
  const read = readOpenAIResponseOutcome(payload);
  if ('issue' in read) throw invalidResponse(provider, `${provider} sent a response that is not a Response object`, text, new TypeError(read.issue));
  const response = read.outcome;
  const mapper = new OpenAIResponsesStreamMapper(provider);
  const parts: LanguageModelStreamPart[] = [];
  response.output.forEach((item, outputIndex) => {
    if (item.type === 'message') {
      for (const delta of messageTexts(provider, item, text)) if (delta !== '') parts.push({ type: 'text-delta', delta });
    } else if (item.type === 'function_call') {
      parts.push(...mapper.map({ type: 'response.output_item.done', output_index: outputIndex, item }, text));
    }
  });
  const terminal = response.status === 'failed' ? 'response.failed' : response.status === 'incomplete' ? 'response.incomplete' : 'response.completed';
  parts.push(...mapper.map({ type: terminal, response }, text));
  return parts;
}

/**
 * The texts of a message item's `output_text` and `refusal` parts, checked as
 * `openAIResponsesMessageItemSchema` checks them (content an array of objects with a string
 * `type`; `text` and `refusal` strings when present).
 */
function messageTexts(provider: string, item: OpenAIResponsesOutputItem, body: string): string[] {
  const content = (item as { content?: unknown }).content;
  const malformed = (issue: string) => invalidResponse(provider, `${provider} sent a malformed message item`, body, new TypeError(issue));
  if (!Array.isArray(content)) throw malformed('content is not an array');
  const texts: string[] = [];
  for (const part of content as unknown[]) {
    if (typeof part !== 'object' || part === null || Array.isArray(part)) throw malformed('a content part is not an object');
    const { type, text, refusal } = part as { type?: unknown; text?: unknown; refusal?: unknown };
    if (typeof type !== 'string') throw malformed('a content part has no string type');
    if (text !== undefined && typeof text !== 'string') throw malformed('text is not a string');
    if (refusal !== undefined && typeof refusal !== 'string') throw malformed('refusal is not a string');
    const said = type === 'output_text' ? text : type === 'refusal' ? refusal : undefined;
    if (said !== undefined) texts.push(said);
  }
  return texts;
}
