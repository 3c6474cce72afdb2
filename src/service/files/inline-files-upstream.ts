import type { ConversationItem } from '../../responses/conversation/conversation-item.ts';
import type { CreateResponseRequest } from '../../responses/request/create-response-request.ts';
import type { Services } from '../services.ts';

/**
 * A passthrough route relays the request to OpenAI, which knows nothing of imagegate's files:
 * each `input_image` (and the image tool's mask) naming a file of this key is sent with the
 * file's bytes inline in `image_url` and without the `file_id`. Ids of no file here are relayed
 * unchanged (they may name files of the OpenAI account). `resolvedItems` are the request's input
 * items after `resolveInputFiles(…, 'relay')`, index for index.
 */
export async function inlineFilesUpstream(
  request: CreateResponseRequest,
  resolvedItems: ReadonlyArray<ConversationItem>,
  services: Services,
  ownerId: string | null,
): Promise<CreateResponseRequest> {
  const input = Array.isArray(request.input)
    ? request.input.map((raw, index) => {
        const resolved = resolvedItems[index];
        if (!('content' in raw) || !Array.isArray(raw.content) || resolved?.type !== 'message') return raw;
        const content = raw.content.map((part, partIndex) => {
          const inline = resolved.content[partIndex];
          if (part.type !== 'input_image' || part.file_id == null || part.image_url != null || inline?.type !== 'input_image' || inline.image_url == null) return part;
          const { file_id: _relayedAsBytes, ...rest } = part;
          return { ...rest, image_url: inline.image_url };
        });
        return { ...raw, content } as typeof raw;
      })
    : request.input;
  const tools = [];
  for (const tool of request.tools ?? []) {
    const maskFileId = tool.type === 'image_generation' ? tool.input_image_mask?.file_id : undefined;
    const found = maskFileId == null ? undefined : await services.files.read(maskFileId, ownerId);
    if (tool.type !== 'image_generation' || found === undefined) {
      tools.push(tool);
      continue;
    }
    const imageUrl = `data:${found.file.contentType};base64,${Buffer.from(found.content).toString('base64')}`;
    tools.push({ ...tool, input_image_mask: { image_url: imageUrl } });
  }
  return { ...request, input, ...(request.tools === undefined ? {} : { tools }) };
}
