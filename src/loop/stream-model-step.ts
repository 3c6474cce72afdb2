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
  const step = new StepParts(model.provider, emitter, generateId, admitImage, [...warnings]);
  if (parts !== undefined) {
    // Read in full already (a whole answer): taken at once, not a promise per part. As the stream
    // would, an abort stops it before the next part.
    for (const part of parts) {
      options.abortSignal.throwIfAborted();
      step.take(part);
    }
  } else {
    for await (const part of stream) step.take(part);
  }
  return step.result();
}

/** What one step's parts have made so far: the events emitted, the text, calls and images. */
class StepParts {
  readonly toolCalls: LanguageModelToolCallPart[] = [];
  readonly images: ModelStepImage[] = [];
  readonly droppedImages: Array<{ id: string; reason: string }> = [];
  message: { item: MessageItem; outputIndex: number } | undefined = undefined;
  text = '';
  messageText = '';
  finish: { finishReason: LanguageModelFinishReason; usage: LanguageModelUsage } | undefined = undefined;

  constructor(
    private readonly provider: string,
    private readonly emitter: ResponseEmitter,
    private readonly generateId: IdGenerator,
    private readonly admitImage: () => string | undefined,
    private readonly warnings: LanguageModelWarning[],
  ) {}

  take(part: LanguageModelStreamPart): void {
    const emitter = this.emitter;
    switch (part.type) {
      case 'text-delta': {
        if (part.delta === '') return;
        const message = (this.message ??= openMessage(emitter, this.generateId('msg')));
        this.text += part.delta;
        this.messageText += part.delta;
        emitter.emit({
          type: 'response.output_text.delta',
          item_id: message.item.id,
          output_index: message.outputIndex,
          content_index: 0,
          delta: part.delta,
          logprobs: [],
        });
        return;
      }
      case 'tool-call':
        this.toolCalls.push(part);
        return;
      case 'file': {
        if (!part.mediaType.startsWith('image/')) {
          this.warnings.push({ type: 'other', message: `${this.provider} answered with a file of type ${part.mediaType}, which imagegate does not pass on.` });
          return;
        }
        const refusal = this.admitImage();
        if (refusal !== undefined) {
          // Drawn and billed inside the step, but past a limit: it never reaches the client.
          this.droppedImages.push({ id: this.generateId('ig'), reason: refusal });
          return;
        }
        if (this.message) closeMessage(emitter, this.message, this.messageText, 'completed');
        this.message = undefined;
        this.messageText = '';
        this.images.push(emitModelImage(emitter, this.generateId, part));
        return;
      }
      case 'finish':
        this.finish = { finishReason: part.finishReason, usage: part.usage };
        return;
    }
  }

  result(): ModelStepResult {
    const finish = this.finish;
    if (!finish) throw new Error(`${this.provider} stream ended without a finish part`);
    if (this.message) closeMessage(this.emitter, this.message, this.messageText, finish.finishReason === 'length' ? 'incomplete' : 'completed');
    return { text: this.text, toolCalls: this.toolCalls, images: this.images, droppedImages: this.droppedImages, warnings: this.warnings, ...finish };
  }
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
