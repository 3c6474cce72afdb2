import { type ApiError, notFound } from '../../errors/api-error.ts';

/** 404 for a conversation the caller's key does not own (or that does not exist): the two look alike. */
export function conversationNotFound(id: string, param: string): ApiError {
  return notFound(`Conversation with id '${id}' not found.`, param, 'conversation_not_found');
}

export function conversationItemNotFound(itemId: string): ApiError {
  return notFound(`Item with id '${itemId}' not found.`, 'item_id', 'item_not_found');
}
