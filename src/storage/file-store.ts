/**
 * One uploaded file (`POST /v1/files`): its metadata here, its bytes in the blob store under
 * `files/<id>/`. Owned like responses: `ownerId` is the key that uploaded it (`null` without
 * tenants), and every read is scoped to the caller's owner id.
 */
export interface StoredFile {
  /** `file-…`; also a blob-key segment. */
  id: string;
  ownerId: string | null;
  filename: string;
  /** `vision` or `user_data`. */
  purpose: string;
  /** Size of the content. */
  bytes: number;
  /** Media type of the content as sniffed from its bytes, e.g. `image/png`. */
  contentType: string;
  /** Unix milliseconds; `created_at` on the wire is this in seconds. */
  createdAtMillis: number;
  /** Unix milliseconds after which the file is gone; `null` keeps it until deleted. */
  expiresAtMillis: number | null;
}

export interface FilePageOptions {
  purpose?: string | undefined;
  /** Most files returned; the caller validates the range. */
  limit: number;
  /** By creation time; `desc` (newest first) is OpenAI's default. */
  order: 'asc' | 'desc';
  /** A file id: the page starts right after it. An id the owner does not have gives an empty page. */
  after?: string | undefined;
}

export interface FilePage {
  data: StoredFile[];
  hasMore: boolean;
}

/**
 * Uploaded files, isolated by owner (another owner's file is "not found"). An expired file
 * reads as absent and is removed (row and bytes) by the next `create` or `delete`.
 */
export interface FileStore {
  /** Writes the bytes, then the row: a crash leaves at worst orphan bytes, never a row without them. */
  create(file: StoredFile, content: Uint8Array): Promise<void>;
  get(id: string, ownerId: string | null): Promise<StoredFile | undefined>;
  /** The file and its exact bytes. */
  read(id: string, ownerId: string | null): Promise<{ file: StoredFile; content: Uint8Array } | undefined>;
  list(ownerId: string | null, options: FilePageOptions): Promise<FilePage>;
  /** Removes the row and the bytes; `false` when the owner has no such file. */
  delete(id: string, ownerId: string | null): Promise<boolean>;
}

/** The blob folder holding a file's bytes. */
export function fileBlobFolder(id: string): string {
  return `files/${id}/`;
}
