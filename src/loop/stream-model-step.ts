import type { IdGenerator } from '../ids/id-generator.ts';
import type {
  LanguageModel,
  LanguageModelCallOptions,
  LanguageModelFinishReason,
  LanguageModelStreamPart,
  LanguageModelToolCallPart,
  LanguageModelUsage,
  LanguageModelWarning,
} from '../providers/spec/language-model.ts';
import type { ResponseEmitter } from '../responses/response-emitter.ts';
import type { MessageItem } from '../responses/wire/output-items.ts';
import { type ModelStepImage, emitModelImage } from './emit-model-image.ts';

export interface ModelStepResult {
  /** All the step's text, across the message items it was streamed in. */
  text: string;
  toolCalls: LanguageModelToolCallPart[];
  /**
   * Images the model drew inline (native-image chat models), already emitted as completed
   * `image_generation_call` items, in order. Their tokens are in `usage` (as output tokens).
   */
  images: ModelStepImage[];
  /** Inline images a limit kept from the client, with the reason. */
  droppedImages: Array<{ id: string; reason: string }>;
  finishReason: LanguageModelFinishReason;
  usage: LanguageModelUsage;
  warnings: ReadonlyArray<LanguageModelWarning>;
}

/**
 * Runs one model step and streams its text as an assistant message item
 * (output_item.added, content_part.added, output_text.delta…, then the matching .done events).
 * An image the model writes inline closes the open message and becomes its own completed
 * `image_generation_call` item; text after it opens a new message. Tool calls are collected,
 * not emitted: the loop decides what happens to each.
 */
export async function streamModelStep(
  model: LanguageModel,
  options: LanguageModelCallOptions,
  emitter: ResponseEmitter,
  generateId: IdGenerator,
  /** Asked before an inline image is passed on: undefined admits it, a reason drops it. */
  admitImage: () => string | undefined = () => undefined,
): Promise<ModelStepResult> {
  const { stream, parts, warnings } = await model.doStream(options);
  const toolCalls: LanguageModelToolCallPart[] = [];
  const images: ModelStepImage[] = [];
  const droppedImages: Array<{ id: string; reason: string }> = [];
  const stepWarnings: LanguageModelWarning[] = [...warnings];
  let message: { item: MessageItem; outputIndex: number } | undefined;
  let text = '';
  let messageText = '';
  let finish: { finishReason: LanguageModelFinishReason; usage: LanguageModelUsage } | undefined;

  const take = (part: LanguageModelStreamPart): void => {
    switch (part.type) {
      case 'text-delta':
        if (part.delta === '') return;
        message ??= openMessage(emitter, generateId('msg'));
        text += part.delta;
        messageText += part.delta;
        emitter.emit({
          type: 'response.output_text.delta',
          item_id: message.item.id,
          output_index: message.outputIndex,
          content_index: 0,
          delta: part.delta,
          logprobs: [],
        });
        return;
      case 'tool-call':
        toolCalls.push(part);
        return;
      case 'file': {
        if (!part.mediaType.startsWith('image/')) {
          stepWarnings.push({ type: 'other', message: `${model.provider} answered with a file of type ${part.mediaType}, which imagegate does not pass on.` });
          return;
        }
        const refusal = admitImage();
        if (refusal !== undefined) {
          // Drawn and billed inside the step, but past a limit: it never reaches the client.
          droppedImages.push({ id: generateId('ig'), reason: refusal });
          return;
        }
        if (message) closeMessage(emitter, message, messageText, 'completed');
        message = undefined;
        messageText = '';
        images.push(emitModelImage(emitter, generateId, part));
        return;
      }
      case 'finish':
        finish = { finishReason: part.finishReason, usage: part.usage };
        return;
    }
  };
  if (parts !== undefined) {
    // Read in full already (a whole answer): taken at once, not a promise per part. As the stream
    // would, an abort stops it before the next part.
    for (const part of parts) {
      options.abortSignal.throwIfAborted();
      take(part);
    }
  } else {
    for await (const part of stream) take(part);
  }
  if (!finish) throw new Error(`${model.provider} stream ended without a finish part`);
  if (message) closeMessage(emitter, message, messageText, finish.finishReason === 'length' ? 'incomplete' : 'completed');
  return { text, toolCalls, images, droppedImages, warnings: stepWarnings, ...finish };
}

function openMessage(emitter: ResponseEmitter, id: string): { item: MessageItem; outputIndex: number } {
  const outputIndex = emitter.snapshot.output.length;
  const item: MessageItem = { id, type: 'message', status: 'in_progress', role: 'assistant', content: [] };
  emitter.emit({ type: 'response.output_item.added', output_index: outputIndex, item });
  emitter.emit({
    type: 'response.content_part.added',
    item_id: id,
    output_index: outputIndex,
    content_index: 0,
    part: { type: 'output_text', text: '', annotations: [], logprobs: [] },
  });
  return { item, outputIndex };
}

function closeMessage(
  emitter: ResponseEmitter,
  message: { item: MessageItem; outputIndex: number },
  text: string,
  status: 'completed' | 'incomplete',
): void {
  const { item, outputIndex } = message;
  const part = { type: 'output_text' as const, text, annotations: [], logprobs: [] };
  emitter.emit({ type: 'response.output_text.done', item_id: item.id, output_index: outputIndex, content_index: 0, text, logprobs: [] });
  emitter.emit({ type: 'response.content_part.done', item_id: item.id, output_index: outputIndex, content_index: 0, part });
  emitter.emit({
    type: 'response.output_item.done',
    output_index: outputIndex,
    item: { id: item.id, type: 'message', status, role: 'assistant', content: [part] },
  });
}
