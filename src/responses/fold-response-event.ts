import type { MessageItem, FunctionCallItem, ImageGenerationCallItem, OutputItem } from './wire/output-items.ts';
import type { ResponseObject } from './wire/response-object.ts';
import type { ResponseEventBody } from './wire/stream-events.ts';

/**
 * Applies one streamed event to the response being built. The JSON answer, the streamed
 * terminal event and the stored copy all come from folding the same events through here,
 * so they cannot drift apart. Mutates and returns `response` (the builder owns it).
 */
export function foldResponseEvent(response: ResponseObject | undefined, event: ResponseEventBody): ResponseObject {
  switch (event.type) {
    case 'response.created':
    case 'response.queued':
    case 'response.in_progress':
    case 'response.completed':
    case 'response.failed':
    case 'response.incomplete':
      // Shallow copies: events are built fresh for each emit, so only the containers we
      // mutate (output, message content) need their own copies.
      return { ...event.response, output: event.response.output.map(copyItem) };
  }
  if (response === undefined) throw new Error(`${event.type} before response.created`);
  switch (event.type) {
    case 'response.output_item.added':
    case 'response.output_item.done':
      response.output[event.output_index] = copyItem(event.item);
      break;
    case 'response.content_part.added':
    case 'response.content_part.done':
      itemAt<MessageItem>(response, event.output_index, 'message').content[event.content_index] = { ...event.part };
      break;
    case 'response.output_text.delta': {
      const part = itemAt<MessageItem>(response, event.output_index, 'message').content[event.content_index];
      if (part) part.text += event.delta;
      break;
    }
    case 'response.output_text.done': {
      const part = itemAt<MessageItem>(response, event.output_index, 'message').content[event.content_index];
      if (part) part.text = event.text;
      break;
    }
    case 'response.function_call_arguments.delta':
      itemAt<FunctionCallItem>(response, event.output_index, 'function_call').arguments += event.delta;
      break;
    case 'response.function_call_arguments.done':
      itemAt<FunctionCallItem>(response, event.output_index, 'function_call').arguments = event.arguments;
      break;
    case 'response.image_generation_call.in_progress':
      itemAt<ImageGenerationCallItem>(response, event.output_index, 'image_generation_call').status = 'in_progress';
      break;
    case 'response.image_generation_call.generating':
      itemAt<ImageGenerationCallItem>(response, event.output_index, 'image_generation_call').status = 'generating';
      break;
    case 'response.image_generation_call.partial_image':
    case 'response.image_generation_call.completed':
      // The final image arrives with response.output_item.done; these change nothing stored.
      break;
  }
  return response;
}

function copyItem(item: OutputItem): OutputItem {
  return item.type === 'message' ? { ...item, content: item.content.map((part) => ({ ...part })) } : { ...item };
}

function itemAt<T extends OutputItem>(response: ResponseObject, index: number, type: T['type']): T {
  const item = response.output[index];
  if (!item || item.type !== type) throw new Error(`expected ${type} at output[${index}]`);
  return item as T;
}
