import type { ImagegateBlock, WireOutputItem, WireResponse } from '../shared/wire.ts';

export interface TextPiece {
  kind: 'text';
  itemId: string;
  text: string;
}

export interface ImagePiece {
  kind: 'image';
  itemId: string;
  /** A data URL: the latest partial while streaming, then the final image. */
  src: string | undefined;
  format: string;
  partialCount: number;
  final: boolean;
  /** The prompt the image was drawn from (the model's words), used as its alt text. */
  revisedPrompt: string | undefined;
}

export type AnswerPiece = TextPiece | ImagePiece;

/** One assistant answer as it streams in, folded from the Responses API events. */
export interface AnswerState {
  status: 'streaming' | 'completed' | 'incomplete' | 'failed' | 'cancelled';
  responseId: string | undefined;
  pieces: AnswerPiece[];
  imagegate: ImagegateBlock | undefined;
  error: string | undefined;
  /** `x-request-id` of the request that made this answer, for reports and logs. */
  requestId?: string | undefined;
}

export const STREAMING_ANSWER: AnswerState = { status: 'streaming', responseId: undefined, pieces: [], imagegate: undefined, error: undefined };

type StreamEvent = { type: string } & Record<string, unknown>;

/** Applies one streamed event; returns the same object when nothing visible changed. */
export function applyEvent(state: AnswerState, event: StreamEvent): AnswerState {
  switch (event.type) {
    case 'response.created':
    case 'response.in_progress':
      return { ...state, responseId: (event['response'] as WireResponse).id };
    case 'response.output_item.added':
      return addItem(state, event['item'] as WireOutputItem);
    case 'response.output_text.delta':
      return updateText(state, String(event['item_id']), (text) => text + String(event['delta']));
    case 'response.output_text.done':
      return updateText(state, String(event['item_id']), () => String(event['text']));
    case 'response.image_generation_call.partial_image': {
      const format = typeof event['output_format'] === 'string' ? event['output_format'] : undefined;
      return updateImage(state, String(event['item_id']), (image) => ({
        ...image,
        format: format ?? image.format,
        src: dataUrl(format ?? image.format, String(event['partial_image_b64'])),
        partialCount: image.partialCount + 1,
      }));
    }
    case 'response.output_item.done': {
      const item = event['item'] as WireOutputItem;
      if (item.type !== 'image_generation_call') return state;
      const withItem = addItem(state, item);
      return updateImage(withItem, item.id, (image) => finalImage(image, item));
    }
    case 'response.completed':
    case 'response.incomplete':
    case 'response.failed':
      return finish(state, event['response'] as WireResponse);
    case 'error':
      return { ...state, status: 'failed', error: String(event['message'] ?? 'The server reported an error.') };
    default:
      return state;
  }
}

/** The final state from the last event's response (also used for a stream that ended early). */
export function finish(state: AnswerState, response: WireResponse): AnswerState {
  const status = response.status === 'completed' || response.status === 'incomplete' || response.status === 'cancelled' ? response.status : 'failed';
  let error: string | undefined;
  if (status === 'failed') error = response.error?.message ?? 'The response failed.';
  if (status === 'incomplete') error = incompleteText(response);
  return { ...state, status, responseId: response.id, imagegate: response.imagegate, error };
}

/** Money cuts end a response `incomplete` with reason `max_output_tokens`; the warning says which limit. */
function incompleteText(response: WireResponse): string {
  const reason = response.incomplete_details?.reason;
  const cut = (response.imagegate?.warnings ?? []).some((warning) => /cut short/i.test(warningText(warning)));
  if (reason === 'max_output_tokens' && cut) return 'The answer was cut short: the money left for this response ran out (see the warning below).';
  return `The response is incomplete${reason ? ` (${reason})` : ''}.`;
}

/** Warnings are `{source, setting?, message}` on responses (strings on the Images API). */
export function warningText(warning: unknown): string {
  if (typeof warning === 'string') return warning;
  if (warning !== null && typeof warning === 'object' && 'message' in warning) return String((warning as { message: unknown }).message);
  return JSON.stringify(warning);
}

/** A stored response (`GET /v1/responses/{id}`) as the same state a stream ends in. */
export function answerFromResponse(response: WireResponse): AnswerState {
  let state: AnswerState = { ...STREAMING_ANSWER, responseId: response.id };
  for (const item of response.output) {
    if (item.type === 'message') {
      const text = (item.content ?? []).map((part) => part.text ?? '').join('');
      state = updateText(addItem(state, item), item.id, () => text);
    } else if (item.type === 'image_generation_call') {
      state = updateImage(addItem(state, item), item.id, (image) => finalImage(image, item));
    }
  }
  return finish(state, response);
}

function finalImage(image: ImagePiece, item: WireOutputItem): ImagePiece {
  const format = item.output_format ?? image.format;
  const revisedPrompt = item.revised_prompt ?? image.revisedPrompt;
  return item.result ? { ...image, format, revisedPrompt, src: dataUrl(format, item.result), final: true } : { ...image, revisedPrompt, final: true };
}

export function imagesOf(state: AnswerState): ImagePiece[] {
  return state.pieces.filter((piece): piece is ImagePiece => piece.kind === 'image');
}

function addItem(state: AnswerState, item: WireOutputItem): AnswerState {
  if (state.pieces.some((piece) => piece.itemId === item.id)) return state;
  if (item.type === 'message') return { ...state, pieces: [...state.pieces, { kind: 'text', itemId: item.id, text: '' }] };
  if (item.type === 'image_generation_call') {
    const image: ImagePiece = { kind: 'image', itemId: item.id, src: undefined, format: item.output_format ?? 'png', partialCount: 0, final: false, revisedPrompt: item.revised_prompt ?? undefined };
    return { ...state, pieces: [...state.pieces, image] };
  }
  return state;
}

function updateText(state: AnswerState, itemId: string, change: (text: string) => string): AnswerState {
  const known = state.pieces.some((piece) => piece.itemId === itemId);
  const pieces: AnswerPiece[] = known ? state.pieces : [...state.pieces, { kind: 'text', itemId, text: '' }];
  return { ...state, pieces: pieces.map((piece) => (piece.kind === 'text' && piece.itemId === itemId ? { ...piece, text: change(piece.text) } : piece)) };
}

function updateImage(state: AnswerState, itemId: string, change: (image: ImagePiece) => ImagePiece): AnswerState {
  const withItem = addItem(state, { id: itemId, type: 'image_generation_call' });
  return { ...withItem, pieces: withItem.pieces.map((piece) => (piece.kind === 'image' && piece.itemId === itemId ? change(piece) : piece)) };
}

function dataUrl(format: string, base64: string): string {
  const mediaType = format === 'jpg' ? 'jpeg' : format;
  return `data:image/${mediaType};base64,${base64}`;
}
