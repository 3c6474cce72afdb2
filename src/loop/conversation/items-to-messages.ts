import type {
  LanguageModelImagePart,
  LanguageModelMessage,
  LanguageModelTextPart,
  LanguageModelToolCallPart,
  LanguageModelToolResultPart,
} from '../../providers/spec/language-model.ts';
import { IMAGE_TOOL_NAME } from '../../tools/image-generation/image-tool-definition.ts';
import { formatImageToolFeedback } from '../../tools/image-generation/image-tool-feedback.ts';
import type { ContextImage } from '../../tools/image-generation/image-tool-settings.ts';
import type { ConversationItem } from '../../responses/conversation/conversation-item.ts';
import { type DecodedImage, readImageSize } from '../../responses/conversation/decode-image-url.ts';

export interface ConversationInput {
  item: ConversationItem;
  /** OpenAI param path of the item in this request (`input[2]`); undefined for history. */
  param: string | undefined;
}

export interface Conversation {
  messages: LanguageModelMessage[];
  contextImages: ContextImage[];
}

export type ImageLoader = (url: string, param: string | undefined) => Promise<DecodedImage>;

/**
 * Replays items (history, then this request's input) as model messages, and collects every
 * image they hold for edits: user attachments and earlier generated images, oldest first.
 */
export async function itemsToMessages(
  items: ReadonlyArray<ConversationInput>,
  instructions: string | null,
  loadImage: ImageLoader,
): Promise<Conversation> {
  const messages: LanguageModelMessage[] = [];
  const contextImages: ContextImage[] = [];
  const functionNames = new Map<string, string>();
  if (instructions) messages.push({ role: 'system', content: instructions });

  const pushAssistant = (part: LanguageModelTextPart | LanguageModelToolCallPart) => {
    const last = messages.at(-1);
    if (last?.role === 'assistant') messages[messages.length - 1] = { role: 'assistant', content: [...last.content, part] };
    else messages.push({ role: 'assistant', content: [part] });
  };
  const pushToolResult = (part: LanguageModelToolResultPart) => {
    const last = messages.at(-1);
    if (last?.role === 'tool') messages[messages.length - 1] = { role: 'tool', content: [...last.content, part] };
    else messages.push({ role: 'tool', content: [part] });
  };

  for (const { item, param } of items) {
    switch (item.type) {
      case 'message': {
        if (item.role === 'assistant') {
          const text = item.content.map((part) => (part.type === 'output_text' ? part.text : part.refusal)).join('');
          if (text) pushAssistant({ type: 'text', text });
        } else if (item.role === 'system' || item.role === 'developer') {
          messages.push({ role: 'system', content: item.content.map((part) => (part.type === 'input_text' ? part.text : '')).join('\n') });
        } else {
          const userParts: Array<LanguageModelTextPart | LanguageModelImagePart> = [];
          for (const [index, part] of item.content.entries()) {
            if (part.type === 'input_text') userParts.push({ type: 'text', text: part.text });
            if (part.type === 'input_image' && typeof part.image_url === 'string') {
              const image = await loadImage(part.image_url, param === undefined ? undefined : `${param}.content[${index}].image_url`);
              userParts.push({ type: 'image', mediaType: image.mediaType, data: image.data, ...(await pixelSize(image)), detail: imageDetail(part.detail) });
              contextImages.push({ id: `${item.id}#${index}`, data: image.data, mediaType: image.mediaType });
            }
          }
          messages.push({ role: 'user', content: userParts });
        }
        break;
      }
      case 'function_call': {
        functionNames.set(item.call_id, item.name);
        pushAssistant({ type: 'tool-call', toolCallId: item.call_id, toolName: item.name, input: item.arguments });
        break;
      }
      case 'function_call_output': {
        pushToolResult({
          type: 'tool-result',
          toolCallId: item.call_id,
          toolName: functionNames.get(item.call_id) ?? '',
          output: typeof item.output === 'string' ? item.output : JSON.stringify(item.output),
        });
        break;
      }
      case 'image_generation_call': {
        const id = item.id;
        const result = item.result;
        if (typeof result !== 'string' || result === '') break;
        const image = { id, data: Buffer.from(result, 'base64'), mediaType: `image/${item.output_format ?? 'png'}` };
        contextImages.push(image);
        const last = messages.at(-1);
        if (last?.role === 'user') {
          // A reference right after the user's words is the user pointing at that image.
          messages[messages.length - 1] = {
            role: 'user',
            content: [
              ...last.content,
              { type: 'text', text: `[image ${id}]` },
              { type: 'image', mediaType: image.mediaType, data: image.data, ...(await pixelSize(image)) },
            ],
          };
          break;
        }
        const prompt = item.revised_prompt ?? '';
        pushAssistant({ type: 'tool-call', toolCallId: id, toolName: IMAGE_TOOL_NAME, input: JSON.stringify({ prompt }) });
        pushToolResult({
          type: 'tool-result',
          toolCallId: id,
          toolName: IMAGE_TOOL_NAME,
          output: formatImageToolFeedback({ status: 'delivered', imageId: id, imagesRemaining: undefined }),
        });
        break;
      }
      default:
        // item references and compaction items are resolved before replay; reasoning carries nothing a model step needs.
        break;
    }
  }
  return { messages, contextImages };
}

/** The image's pixel size for the input-token bound: as decoded, else read from its header. */
async function pixelSize(image: DecodedImage): Promise<{ width: number | undefined; height: number | undefined }> {
  if (image.width !== undefined && image.height !== undefined) return { width: image.width, height: image.height };
  const size = await readImageSize(image.data);
  return { width: size?.width, height: size?.height };
}

function imageDetail(detail: string | undefined): LanguageModelImagePart['detail'] {
  return detail === 'low' || detail === 'high' || detail === 'auto' || detail === 'original' ? detail : undefined;
}
