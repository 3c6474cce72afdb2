import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Every secret we mint starts so; `live` leaves room for test keys later. */
export const keySecretPrefix = 'ig_live_';
/** Characters of the secret kept in clear to identify a key: `ig_live_` + 4 random ones (24 bits). */
export const keyPrefixLength = 12;
/** Longer input is not one of our secrets (43 random characters follow the prefix); refused before hashing. */
const maxSecretLength = 256;

/** A new secret: the prefix + 32 random bytes (256 bits) as base64url. */
export function generateKeySecret(): string {
  return keySecretPrefix + randomBytes(32).toString('base64url');
}

export function keyPrefixOf(secret: string): string {
  return secret.slice(0, keyPrefixLength);
}

/**
 * HMAC-SHA-256 of the secret under the server-wide pepper, hex. A fast hash is the standard
 * choice here, unlike for passwords: the secret carries 256 random bits, so no amount of
 * guessing per hash helps, and slow hashes (scrypt, bcrypt) would only add tens of
 * milliseconds of CPU to every authenticated request. The pepper (kept out of the database)
 * means a leaked database alone cannot even test a candidate secret.
 */
export function hashKeySecret(secret: string, pepper: string | Uint8Array): string {
  return createHmac('sha256', pepper).update(secret, 'utf8').digest('hex');
}

/** Whether `secret` could be a key secret at all (cheap check before any hashing). */
export function isPlausibleKeySecret(secret: unknown): secret is string {
  return typeof secret === 'string' && secret.length > keyPrefixLength && secret.length <= maxSecretLength;
}

/** Compares two hex hashes in time independent of where they differ. */
export function hashesEqual(leftHex: string, rightHex: string): boolean {
  const left = Buffer.from(leftHex, 'hex');
  const right = Buffer.from(rightHex, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}
