import { type ApiError, notFound } from '../../errors/api-error.ts';
import type { Services } from '../services.ts';

/** One owner's file is "not found" for every other owner, exactly like an id that never existed. */
export function fileNotFound(fileId: string, param: string): ApiError {
  return notFound(`No such File object: ${fileId}.`, param, 'file_not_found');
}

/**
 * The bytes of an uploaded image, for the caller's key only; `param` names the field that
 * referred to it (`input[0].content[1].file_id`, `images[0].file_id`, `mask.file_id`).
 * The bytes were checked as an image when they were uploaded.
 */
export async function loadFileImage(fileId: string, param: string, services: Services, ownerId: string | null): Promise<{ data: Uint8Array; mediaType: string }> {
  const found = await services.files.read(fileId, ownerId);
  if (found === undefined) throw fileNotFound(fileId, param);
  return { data: found.content, mediaType: found.file.contentType };
}
