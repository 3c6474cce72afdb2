import type { StoredFile } from '../../storage/file-store.ts';

/** OpenAI's `OpenAIFile`; `status` is deprecated upstream but still required by its schema. */
export interface FileObjectWire {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  /** Left out when the file does not expire: the spec types it as an integer, never null. */
  expires_at?: number;
  filename: string;
  purpose: string;
  status: 'processed';
}

export function fileObjectWire(file: StoredFile): FileObjectWire {
  return {
    id: file.id,
    object: 'file',
    bytes: file.bytes,
    created_at: Math.floor(file.createdAtMillis / 1000),
    ...(file.expiresAtMillis === null ? {} : { expires_at: Math.floor(file.expiresAtMillis / 1000) }),
    filename: file.filename,
    purpose: file.purpose,
    // Checked in full before it was stored: there is no later processing step.
    status: 'processed',
  };
}
