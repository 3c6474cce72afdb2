import type { StoredFile } from '../../storage/file-store.ts';

/** OpenAI's `OpenAIFile`; `status` is deprecated upstream but still required by its schema. */
export interface FileObjectWire {
  id: string;
  object: 'file';
  bytes: number;
  created_at: number;
  expires_at: number | null;
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
    expires_at: file.expiresAtMillis === null ? null : Math.floor(file.expiresAtMillis / 1000),
    filename: file.filename,
    purpose: file.purpose,
    // Checked in full before it was stored: there is no later processing step.
    status: 'processed',
  };
}
