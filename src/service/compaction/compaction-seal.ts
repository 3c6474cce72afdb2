import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** What a compaction item carries, readable only by this server and only for the key that made it. */
export interface CompactionContent {
  /** The routed model's summary of the conversation up to the compaction. */
  summary: string;
  /** Generated images (`image_generation_call` ids) the continuation keeps for edits; read back from the store, owner-scoped. */
  imageIds: string[];
}

const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

const contentSchema = z.strictObject({ summary: z.string(), imageIds: z.array(z.string()) });

/**
 * Seals compaction contents with AES-256-GCM under a key derived from the server's key pepper,
 * so a compaction item is opaque to clients, cannot be altered, and opens only for the API key
 * whose id is in its associated data (another key's item fails authentication like a tampered one).
 * Layout, base64url: version byte, 12-byte IV, 16-byte tag, ciphertext.
 */
export class CompactionSeal {
  private readonly key: Buffer;

  constructor(pepper: string | Uint8Array) {
    if (pepper.length === 0) throw new TypeError('The compaction secret must not be empty');
    // A separate key from the pepper's other use (key hashes): HKDF with its own label.
    this.key = Buffer.from(hkdfSync('sha256', pepper, 'imagegate', 'imagegate compaction item v1', 32));
  }

  seal(content: CompactionContent, keyId: string | null): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(associatedData(keyId));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(content), 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([FORMAT_VERSION]), iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
  }

  /** The contents, or undefined when the text was not sealed here for this key (or was altered). */
  open(encrypted: string, keyId: string | null): CompactionContent | undefined {
    const bytes = Buffer.from(encrypted, 'base64url');
    if (bytes.length <= HEADER_BYTES || bytes[0] !== FORMAT_VERSION) return undefined;
    const decipher = createDecipheriv('aes-256-gcm', this.key, bytes.subarray(1, 1 + IV_BYTES));
    decipher.setAAD(associatedData(keyId));
    decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, HEADER_BYTES));
    let plain: string;
    try {
      plain = Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      return undefined; // authentication failed: another key's item, another server's, or altered
    }
    const parsed = contentSchema.safeParse(JSON.parse(plain));
    return parsed.success ? parsed.data : undefined;
  }
}

/** The key id bound into every item; the key-less default seals for "no key". */
function associatedData(keyId: string | null): Buffer {
  return Buffer.from(`imagegate-compaction-v1\0${keyId ?? ''}`, 'utf8');
}
