/**
 * Items as stored and replayed: the request's input items normalized (ids assigned, string
 * content expanded) and the output items of earlier responses. Loosely typed on purpose:
 * they are validated wire JSON, read through the guards below.
 */
export type ConversationItem = Record<string, unknown> & { type: string; id?: string };

export interface ContentPart {
  type: string;
  text?: string;
  image_url?: string | null;
  file_id?: string | null;
  detail?: string;
}

export function contentParts(item: ConversationItem): ContentPart[] {
  const content = item['content'];
  if (typeof content === 'string') return [{ type: 'input_text', text: content }];
  return Array.isArray(content) ? (content as ContentPart[]) : [];
}
