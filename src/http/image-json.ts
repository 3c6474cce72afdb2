import { randomUUID } from 'node:crypto';
import { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import { BufferPool } from '../media/buffer-pool.ts';
import { isPlainBase64 } from '../media/plain-base64.ts';
import type { AppEnv } from './app-env.ts';
import { jsonAnswer } from './json-answer.ts';

/**
 * JSON for answers that carry images (`result`, `partial_image_b64`, `b64_json`: megabytes of
 * base64 each). JSON.stringify would scan and copy every image string again for each event it
 * appears in (an image is in its `output_item.done` and again in `response.completed`), then
 * the text would be encoded once more. Here the image strings are left out of JSON.stringify
 * and copied once, straight into the bytes that are sent: base64 needs no JSON escaping.
 */

/** Below this a string is serialized as usual: splicing only pays off for images. */
const SPLICE_MIN_LENGTH = 16 * 1024;
const IMAGE_KEYS: ReadonlySet<string> = new Set(['result', 'partial_image_b64', 'b64_json']);
/** Containers are walked this deep at most (an event → response → output → item → result is 4). */
const MAX_DEPTH = 5;
/** A JSON string no document holds by chance; `#n` says which image goes in its place. */
const PLACEHOLDER = `imagegate-splice-${randomUUID()}#`;
const QUOTED_PLACEHOLDER = `"${PLACEHOLDER}`;

/** Text to send: JSON pieces as UTF-8, image strings (checked to be plain base64) as single bytes. */
export type JsonPiece = { readonly text: string; readonly image: boolean };

/**
 * Remembers which image strings were checked to hold only base64 characters, so an image written
 * twice in one stream (its item, then the whole response) is checked once. One per stream or answer.
 */
export class ImageJsonWriter {
  private readonly plain = new Set<string>();

  /** `value` as JSON text pieces, prefixed by `before` and followed by `after`. */
  pieces(value: unknown, before = '', after = ''): JsonPiece[] {
    const images: string[] = [];
    const replaced = replaceImages(value, images, (text) => this.isPlain(text), 0);
    if (images.length === 0) return [{ text: `${before}${JSON.stringify(value)}${after}`, image: false }];
    const json = JSON.stringify(replaced);
    const pieces: JsonPiece[] = [];
    let from = 0;
    let text = before;
    for (let at = json.indexOf(QUOTED_PLACEHOLDER); at >= 0; at = json.indexOf(QUOTED_PLACEHOLDER, from)) {
      const close = json.indexOf('"', at + QUOTED_PLACEHOLDER.length);
      const image = images[Number(json.slice(at + QUOTED_PLACEHOLDER.length, close))];
      if (image === undefined) throw new Error('image splice placeholder out of range');
      pieces.push({ text: `${text}${json.slice(from, at + 1)}`, image: false }, { text: image, image: true });
      text = '';
      from = close;
    }
    pieces.push({ text: `${text}${json.slice(from)}${after}`, image: false });
    return pieces;
  }

  private isPlain(text: string): boolean {
    if (this.plain.has(text)) return true;
    if (!isPlainBase64(text)) return false;
    this.plain.add(text);
    return true;
  }
}

/** Copies `value` only along the paths to image strings, which become placeholders. */
function replaceImages(value: unknown, images: string[], isPlain: (text: string) => boolean, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    const elements: readonly unknown[] = value;
    let copy: unknown[] | undefined;
    elements.forEach((element, index) => {
      const next = replaceImages(element, images, isPlain, depth + 1);
      if (next !== element) (copy ??= [...elements])[index] = next;
    });
    return copy ?? value;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [key, field] of Object.entries(value)) {
    let next: unknown;
    if (typeof field === 'string') {
      if (field.length < SPLICE_MIN_LENGTH || !IMAGE_KEYS.has(key) || !isPlain(field)) continue;
      next = `${PLACEHOLDER}${images.push(field) - 1}`;
    } else {
      next = replaceImages(field, images, isPlain, depth + 1);
      if (next === field) continue;
    }
    (copy ??= { ...value })[key] = next;
  }
  return copy ?? value;
}

/**
 * The pieces as one buffer: each image string copied once, as the ASCII it is. `allocate` gives a
 * buffer of exactly the length asked; its bytes need not be zeroed, as every one is written.
 */
export function encodeJsonPieces(pieces: ReadonlyArray<JsonPiece>, allocate: (length: number) => Buffer<ArrayBuffer> = Buffer.allocUnsafe): Buffer<ArrayBuffer> {
  let length = 0;
  for (const piece of pieces) length += piece.image ? piece.text.length : Buffer.byteLength(piece.text);
  const bytes = allocate(length);
  let offset = 0;
  for (const piece of pieces) offset += bytes.write(piece.text, offset, piece.image ? 'latin1' : 'utf8');
  return bytes;
}

/** Whether an event or answer may hold an image worth splicing (cheap, so text events skip the walk). */
export function mayHoldImage(value: { type?: unknown; item?: unknown; response?: unknown; output?: unknown; data?: unknown }): boolean {
  const type = value.type;
  if (type === 'response.image_generation_call.partial_image' || type === 'image_generation.partial_image' || type === 'image_edit.partial_image') return true;
  if (type === 'image_generation.completed' || type === 'image_edit.completed') return true;
  if (isObject(value.item)) return value.item['type'] === 'image_generation_call';
  const output = isObject(value.response) ? value.response['output'] : value.output;
  if (Array.isArray(output)) return output.some((item) => isObject(item) && item['type'] === 'image_generation_call');
  return Array.isArray(value.data);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * JSON answers holding images are written into these (see BufferPool), each taken back once its
 * socket closed or finished sending it: a few answers' worth is kept, far fewer than answers run.
 */
const answerBuffers = new BufferPool(16 * 1024 * 1024, 32 * 1024 * 1024);

/**
 * `value` as a JSON answer (see `jsonAnswer`) with `headers`, the image strings of an answer that
 * holds images spliced in.
 */
export function imageJsonResponse(context: Context<AppEnv>, value: object, headers: Readonly<Record<string, string>> = {}): Response {
  if (!mayHoldImage(value)) return jsonAnswer(context, JSON.stringify(value), headers);
  const pieces = new ImageJsonWriter().pieces(value);
  const outgoing = nodeResponseOf(context);
  // Only a Node response says when its bytes were sent; any other runtime gets a buffer of its own.
  if (outgoing === undefined) return jsonAnswer(context, encodeJsonPieces(pieces), headers);
  let release: (() => void) | undefined;
  const bytes = encodeJsonPieces(pieces, (length) => {
    const lease = answerBuffers.lease(length);
    release = lease.release;
    return lease.bytes;
  });
  // 'close' comes after the last write finished, or after the socket closed and dropped what it held.
  if (release !== undefined) outgoing.once('close', release);
  return jsonAnswer(context, bytes, headers);
}

/** The Node ServerResponse that @hono/node-server passes as `env.outgoing`, when this runs under it. */
function nodeResponseOf(context: Context): ServerResponse | undefined {
  const env: unknown = context.env;
  const outgoing = isObject(env) ? env['outgoing'] : undefined;
  return outgoing instanceof ServerResponse && !outgoing.writableFinished && !outgoing.destroyed ? outgoing : undefined;
}
