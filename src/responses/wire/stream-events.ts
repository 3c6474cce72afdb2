import type { OutputItem, OutputTextPart } from './output-items.ts';
import type { ResponseObject } from './response-object.ts';

/** Streaming events as OpenAI sends them, minus `sequence_number` (added when emitted). */
export type ResponseEventBody =
  | { type: 'response.created' | 'response.queued' | 'response.in_progress' | 'response.completed' | 'response.failed' | 'response.incomplete'; response: ResponseObject }
  | { type: 'response.output_item.added' | 'response.output_item.done'; output_index: number; item: OutputItem }
  | { type: 'response.content_part.added' | 'response.content_part.done'; item_id: string; output_index: number; content_index: number; part: OutputTextPart }
  | { type: 'response.output_text.delta'; item_id: string; output_index: number; content_index: number; delta: string; logprobs: unknown[] }
  | { type: 'response.output_text.done'; item_id: string; output_index: number; content_index: number; text: string; logprobs: unknown[] }
  | { type: 'response.function_call_arguments.delta'; item_id: string; output_index: number; delta: string }
  | { type: 'response.function_call_arguments.done'; item_id: string; output_index: number; name: string; arguments: string }
  | {
      type: 'response.image_generation_call.in_progress' | 'response.image_generation_call.generating' | 'response.image_generation_call.completed';
      item_id: string;
      output_index: number;
    }
  | {
      type: 'response.image_generation_call.partial_image';
      item_id: string;
      output_index: number;
      partial_image_index: number;
      partial_image_b64: string;
      size: string;
      quality: string;
      background: string;
      output_format: string;
    };

export type ResponseEvent = ResponseEventBody & { sequence_number: number };
