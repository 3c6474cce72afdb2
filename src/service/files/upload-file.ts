import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { invalidRequest } from '../../errors/api-error.ts';
import { integerInRange } from '../../responses/request/wire-primitives.ts';
import type { StoredFile } from '../../storage/file-store.ts';
import { parseWireBody } from '../images/images-request.ts';
import type { Services } from '../services.ts';
import { checkUploadedImage } from './check-uploaded-image.ts';

/** Purposes imagegate keeps: images for model input (`vision`) or for any use (`user_data`). */
const KEPT_PURPOSES = new Set(['vision', 'user_data']);
/** OpenAI's other purposes: valid there, but nothing here would read such a file. */
const OTHER_OPENAI_PURPOSES = new Set(['assistants', 'batch', 'fine-tune', 'evals']);

/** `CreateFileRequest` without the file: `purpose` and the optional `FileExpirationAfter`. */
const uploadFieldsSchema = z.strictObject({
  purpose: z.string(),
  expires_after: z
    .strictObject({
      anchor: z.literal('created_at'),
      /** Seconds after creation; the spec's 1 hour to 30 days. */
      seconds: integerInRange(3600, 2_592_000),
    })
    .optional(),
});

/** The multipart upload as the HTTP layer read it: text fields (bracketed names nested) and the file. */
export interface FileUpload {
  fields: Record<string, unknown>;
  file: { data: Uint8Array; filename: string } | undefined;
}

/** `file-` and 24 base-36 characters, shaped like OpenAI's ids; also a blob-key segment. */
function newFileId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return `file-${Array.from(randomBytes(24), (byte) => alphabet[byte % alphabet.length]).join('')}`;
}

/** `POST /v1/files`: checks the fields and the image, then stores the bytes and the metadata. */
export async function uploadFile(upload: FileUpload, services: Services, ownerId: string | null): Promise<StoredFile> {
  const wire = parseWireBody(uploadFieldsSchema, upload.fields);
  if (!KEPT_PURPOSES.has(wire.purpose)) {
    const known = OTHER_OPENAI_PURPOSES.has(wire.purpose);
    throw invalidRequest(
      known
        ? `Unsupported value: 'purpose' does not support '${wire.purpose}' on imagegate, which keeps images for 'vision' and 'user_data' only.`
        : `Invalid value: '${wire.purpose}'. Supported values are: 'vision' and 'user_data'.`,
      'purpose',
      known ? 'unsupported_value' : 'invalid_value',
    );
  }
  if (upload.file === undefined) throw invalidRequest("Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
  const { mediaType } = await checkUploadedImage(upload.file.data, 'file', services.config.limits.maxInputImagePixels);
  const createdAtMillis = services.now();
  const file: StoredFile = {
    id: newFileId(),
    ownerId,
    filename: upload.file.filename,
    purpose: wire.purpose,
    bytes: upload.file.data.byteLength,
    contentType: mediaType,
    createdAtMillis,
    expiresAtMillis: wire.expires_after === undefined ? null : createdAtMillis + wire.expires_after.seconds * 1000,
  };
  await services.files.create(file, upload.file.data);
  return file;
}
