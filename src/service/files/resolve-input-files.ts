import { invalidRequest } from '../../errors/api-error.ts';
import type { ConversationItem } from '../../responses/conversation/conversation-item.ts';
import type { Services } from '../services.ts';
import { loadFileImage } from './load-file-image.ts';

/**
 * Copy-on-use: every `input_image` that names a `file_id` gets the file's bytes as a data URL
 * in `image_url`, next to the `file_id` it keeps. From here on the item is an ordinary inline
 * image: the model receives those bytes, the reservation uses their real pixel size, and the
 * stored response holds its own copy (moved to the response's blobs), so deleting the file
 * later breaks neither `GET /v1/responses/{id}/input_items` nor a `previous_response_id` chain.
 * `paramOf(index)` is the item's path in the request, e.g. `input[2]`. An id the key has no
 * file for is a 404 naming the field, unless `unknownFiles` is `relay` (a passthrough route,
 * where it may name a file of the OpenAI account) and the part is left as it was.
 */
export async function resolveInputFiles(
  items: ReadonlyArray<ConversationItem>,
  paramOf: (index: number) => string,
  services: Services,
  ownerId: string | null,
  unknownFiles: 'refuse' | 'relay' = 'refuse',
): Promise<ConversationItem[]> {
  const resolved: ConversationItem[] = [];
  for (const [itemIndex, item] of items.entries()) {
    if (item.type !== 'message' || item.role === 'assistant' || !item.content.some((part) => part.type === 'input_image' && part.file_id != null)) {
      resolved.push(item);
      continue;
    }
    const content = [];
    for (const [partIndex, part] of item.content.entries()) {
      if (part.type !== 'input_image' || part.file_id == null) {
        content.push(part);
        continue;
      }
      const param = `${paramOf(itemIndex)}.content[${partIndex}].file_id`;
      if (part.image_url != null) throw bothGiven(param);
      const found = unknownFiles === 'relay' ? await services.files.read(part.file_id, ownerId) : undefined;
      if (unknownFiles === 'relay' && found === undefined) {
        content.push(part);
        continue;
      }
      const image = found === undefined ? await loadFileImage(part.file_id, param, services, ownerId) : { data: found.content, mediaType: found.file.contentType };
      content.push({ ...part, image_url: `data:${image.mediaType};base64,${Buffer.from(image.data).toString('base64')}` });
    }
    resolved.push({ ...item, content });
  }
  return resolved;
}

/** `image_url` and `file_id` are alternatives (OpenAI's `ImageRefParam`: "exactly one of"). */
export function bothGiven(fileIdParam: string): ReturnType<typeof invalidRequest> {
  return invalidRequest(
    `Invalid '${fileIdParam}': give either 'image_url' or 'file_id', not both.`,
    fileIdParam,
    'invalid_value',
  );
}
