import type { IdGenerator } from '../../ids/id-generator.ts';

/**
 * Images API requests keep no response row; their id (`img_…`) names them as the owner of their
 * budget reservations and ledger rows. The prefix is how startup reconciliation recognises
 * their holds: none of them can still be running when the server starts.
 */
const IMAGES_REQUEST_PREFIX = 'img_';

export function newImagesRequestId(generateId: IdGenerator): string {
  return generateId('resp').replace(/^resp_/, IMAGES_REQUEST_PREFIX);
}

export function isImagesRequestId(id: string): boolean {
  return id.startsWith(IMAGES_REQUEST_PREFIX);
}
