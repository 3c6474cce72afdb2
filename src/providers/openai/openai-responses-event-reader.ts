import { invalidResponse } from '../shared/invalid-response.ts';
import type { SseEventReader } from '../shared/sse-part-stream.ts';
import type { SseMessage } from '../shared/sse-decoder.ts';
import type { LanguageModelStreamPart } from '../spec/language-model.ts';
import { parseOpenAIResponsesEvent } from './openai-responses-events.ts';
import { OPENAI_RESPONSES_MAPPED_EVENTS, OpenAIResponsesStreamMapper } from './openai-responses-stream.ts';

/**
 * A Responses event stream as the spec's stream parts, one event at a time (for streamSseParts):
 * a `[DONE]` sentinel is skipped, every other event is parsed and mapped, and a body that ends
 * before `response.completed` / `incomplete` / `failed` was cut off, an invalid_response.
 *
 * An event whose type the mapper ignores whatever it holds (lifecycle echoes, content parts,
 * `.done` echoes, reasoning) is not parsed at all when its type can be read off the front of
 * its data, as OpenAI writes it (`{"type":"response.created",…`); the echoes of the whole
 * response (instructions and tools included) are the largest events of a stream.
 */
export class OpenAIResponsesEventReader implements SseEventReader<LanguageModelStreamPart> {
  readonly #mapper: OpenAIResponsesStreamMapper;

  constructor(private readonly provider: string) {
    this.#mapper = new OpenAIResponsesStreamMapper(provider);
  }

  get finished(): boolean {
    return this.#mapper.finished;
  }

  read(message: SseMessage, parts: LanguageModelStreamPart[]): void {
    const data = message.data;
    if (data === '[DONE]') return;
    const type = leadingType(data);
    if (type !== undefined && !OPENAI_RESPONSES_MAPPED_EVENTS.has(type)) return;
    const mapped = this.#mapper.map(parseOpenAIResponsesEvent(this.provider, data), data);
    for (const part of mapped) parts.push(part);
  }

  end(): void {
    throw invalidResponse(this.provider, `${this.provider} stream ended before response.completed`, undefined);
  }
}

const TYPE_PREFIX = '{"type":"';

/**
 * The event's type when its data starts `{"type":"…"` and the name holds no escape; else
 * undefined (the event is then parsed whole). Only used to skip events: the data is not
 * validated as JSON, so an ignored event that is broken past its type goes unnoticed (it carries
 * nothing the mapper reads; OpenAI never sends one, and an event cut off mid-way cannot end
 * with the blank line that completes it).
 */
export function leadingType(data: string): string | undefined {
  if (!data.startsWith(TYPE_PREFIX)) return undefined;
  const end = data.indexOf('"', TYPE_PREFIX.length);
  if (end < 0) return undefined;
  const type = data.slice(TYPE_PREFIX.length, end);
  if (type.includes('\\')) return undefined;
  const after = data.charCodeAt(end + 1);
  // `,` or `}` after the name, and a closing brace: the data is an object that names its type.
  if ((after !== COMMA && after !== CLOSING_BRACE) || data.charCodeAt(data.length - 1) !== CLOSING_BRACE) return undefined;
  return type;
}

const COMMA = 0x2c;
const CLOSING_BRACE = 0x7d;
