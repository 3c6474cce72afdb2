import { z } from 'zod';
import { sniffImageMediaType } from '../media/sniff-image-media-type.ts';
import { conformsTo } from '../responses/wire/conforms-to.ts';

export type JsonPath = (string | number)[];

/**
 * Where one string moved to a blob sat in the stored JSON, and how to rebuild it exactly:
 * `prefix + (encoding === 'base64' ? base64(bytes) : utf8(bytes))`.
 */
export interface BlobReference {
  /** From the document root, e.g. `['response', 'output', 2, 'result']`. */
  path: JsonPath;
  key: string;
  /** `utf8` keeps base64 text that would not survive a decode/encode round trip byte for byte. */
  encoding: 'base64' | 'utf8';
  /** Text before the encoded bytes, e.g. `data:image/png;base64,`; empty for a bare result. */
  prefix: string;
}

const blobReferenceSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  key: z.string(),
  encoding: z.enum(['base64', 'utf8']),
  prefix: z.string(),
});

/** A row's `blob_references_json`, parsed and checked. */
export function parseBlobReferences(json: string): BlobReference[] {
  const value: unknown = JSON.parse(json);
  const references: readonly unknown[] = Array.isArray(value) ? value : [undefined];
  if (!references.every((reference): reference is BlobReference => conformsTo(blobReferenceSchema, reference))) {
    throw new TypeError('Stored blob references are malformed');
  }
  return [...references];
}

export interface ExtractedBlob {
  key: string;
  bytes: Uint8Array;
  contentType: string;
}

export interface Extraction {
  /** The input with each moved string replaced by `{"$blob": key}` (copied where it changed, shared where not), for humans reading the row. */
  document: Record<string, unknown>;
  /** Authoritative: rehydration follows these, never the `$blob` markers, so user JSON that happens to hold `$blob` keys survives. */
  references: BlobReference[];
  blobs: ExtractedBlob[];
}

const largeDataUrlLength = 1024;

const extensions: Record<string, string> = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'text/plain; charset=utf-8': 'txt',
};

/**
 * Moves images out of a JSON document: every `result` of an `image_generation_call` item
 * (bare base64), every base64 `data:` URL anywhere (`input_image.image_url`, masks, files) and
 * any other `data:` URL of 1 KiB or more.
 * Keys are `${keyPrefix}${n}.${ext}`; identical strings share one blob. The input is not changed.
 */
export function extractBlobs(document: Record<string, unknown>, keyPrefix: string): Extraction {
  const references: BlobReference[] = [];
  const blobs: ExtractedBlob[] = [];
  const keysByValue = new Map<string, Omit<BlobReference, 'path'>>();

  const moveToBlob = (value: string, path: JsonPath, prefix: string): unknown => {
    let reference = keysByValue.get(value);
    if (reference === undefined) {
      const payload = value.slice(prefix.length);
      const decoded = Buffer.from(payload, 'base64');
      const canonical = decoded.toString('base64') === payload;
      const bytes = canonical ? decoded : Buffer.from(value, 'utf8');
      const contentType = canonical
        ? (sniffImageMediaType(bytes) ?? dataUrlMediaType(prefix) ?? 'application/octet-stream')
        : 'text/plain; charset=utf-8';
      const key = `${keyPrefix}${blobs.length}.${extensions[contentType] ?? 'bin'}`;
      reference = { key, encoding: canonical ? 'base64' : 'utf8', prefix: canonical ? prefix : '' };
      keysByValue.set(value, reference);
      blobs.push({ key, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType });
    }
    references.push({ path, ...reference });
    return { $blob: reference.key };
  };

  // One path stack for the whole walk, copied only for a string that moves: most documents
  // (a text answer) hold no image, and their walk then allocates nothing.
  const path: JsonPath = [];

  /** The value with its images moved out; the value itself when it holds none. */
  const strip = (value: unknown): unknown => {
    if (typeof value === 'string') {
      if (!value.startsWith('data:')) return value;
      const prefix = base64DataUrlPrefix(value);
      if (prefix !== undefined) return value.length > prefix.length ? moveToBlob(value, [...path], prefix) : value;
      // Other data URLs (e.g. `data:image/svg+xml,%3Csvg…`) are kept verbatim as UTF-8 once large.
      return value.length >= largeDataUrlLength ? moveToBlob(value, [...path], '') : value;
    }
    if (Array.isArray(value)) {
      const entries: readonly unknown[] = value;
      let copy: unknown[] | undefined;
      for (let index = 0; index < entries.length; index += 1) {
        const entry = entries[index];
        path.push(index);
        const stripped = strip(entry);
        path.pop();
        if (stripped !== entry) copy ??= entries.slice();
        if (copy !== undefined) copy[index] = stripped;
      }
      return copy ?? value;
    }
    return isJsonContainer(value) ? stripObject(value) : value;
  };

  const stripObject = (record: Record<string, unknown>): Record<string, unknown> => {
    let copy: Record<string, unknown> | undefined;
    const names = Object.keys(record);
    for (let index = 0; index < names.length; index += 1) {
      const name = names[index] ?? '';
      const entry = record[name];
      path.push(name);
      const isResult =
        name === 'result' && record.type === 'image_generation_call' && typeof entry === 'string' && entry.length > 0;
      const stripped = isResult ? moveToBlob(entry, [...path], '') : strip(entry);
      path.pop();
      if (stripped !== entry && copy === undefined) {
        // Copied from the first change on; own properties only, as JSON has them (`__proto__` too).
        copy = {};
        for (const earlier of names.slice(0, index)) setOwn(copy, earlier, record[earlier]);
      }
      if (copy !== undefined) setOwn(copy, name, stripped);
    }
    return copy ?? record;
  };

  return { document: stripObject(document), references, blobs };
}

/**
 * Puts the original strings back into a document parsed from the stored JSON (mutating it).
 * `references` are relative to `document`; see {@link referencesUnder}.
 */
export async function rehydrateBlobs(
  document: unknown,
  references: readonly BlobReference[],
  readBlob: (key: string) => Promise<Uint8Array>,
): Promise<void> {
  const keys = [...new Set(references.map((reference) => reference.key))];
  const contents = new Map(await Promise.all(keys.map(async (key) => [key, Buffer.from(await readBlob(key))] as const)));
  for (const reference of references) {
    const bytes = contents.get(reference.key) ?? Buffer.alloc(0);
    const encoded = reference.encoding === 'base64' ? bytes.toString('base64') : bytes.toString('utf8');
    setAtPath(document, reference.path, reference.prefix + encoded);
  }
}

/** The references inside the sub-document at `prefix`, with paths made relative to it. */
export function referencesUnder(references: readonly BlobReference[], prefix: JsonPath): BlobReference[] {
  return references
    .filter((reference) => prefix.every((step, index) => reference.path[index] === step))
    .map((reference) => ({ ...reference, path: reference.path.slice(prefix.length) }));
}

/** `data:image/png;base64,` for a base64 data URL, otherwise `undefined`. */
function base64DataUrlPrefix(value: string): string | undefined {
  if (!value.startsWith('data:')) return undefined;
  const comma = value.indexOf(',');
  if (comma === -1 || !value.slice(0, comma).toLowerCase().endsWith(';base64')) return undefined;
  return value.slice(0, comma + 1);
}

function dataUrlMediaType(prefix: string): string | undefined {
  const mediaType = prefix.slice('data:'.length).split(/[;,]/)[0]?.toLowerCase() ?? '';
  return /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(mediaType) ? mediaType : undefined;
}

function setAtPath(root: unknown, path: JsonPath, value: string): void {
  if (path.length === 0) throw new Error('A blob reference cannot replace the whole document');
  let container: unknown = root;
  for (const step of path.slice(0, -1)) {
    if (!isJsonContainer(container)) break;
    container = container[step];
  }
  if (!isJsonContainer(container)) {
    throw new Error(`Stored JSON has no place for blob reference at ${JSON.stringify(path)}`);
  }
  setOwn(container, path[path.length - 1] ?? '', value);
}

/** A JSON object or array: parsed JSON has no other kind of object. */
function isJsonContainer(value: unknown): value is Record<string | number, unknown> {
  return value !== null && typeof value === 'object';
}

/** Plain assignment to `__proto__` would change the prototype instead of adding the key JSON had. */
function setOwn(target: Record<string | number, unknown>, name: string | number, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}
