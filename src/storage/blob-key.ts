const segmentPattern = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
const maxKeyLength = 1024;

/** Whether `text` may be one path segment of a blob key (and so, e.g., a response id in one). */
export function isBlobKeySegment(text: string): boolean {
  return segmentPattern.test(text);
}

/**
 * Throws unless `key` is a relative path of safe segments: no absolute paths, no `.`/`..`,
 * no empty segments, no backslashes or other characters a file system might interpret.
 * Segments may not start with a dot, which also leaves dot-names free for temporary files.
 */
export function assertValidBlobKey(key: string): void {
  if (key.length === 0 || key.length > maxKeyLength || !key.split('/').every(isBlobKeySegment)) {
    throw new TypeError(`Invalid blob key: ${JSON.stringify(key)}`);
  }
}

/** Like {@link assertValidBlobKey}, but the last segment may be partial or empty (a trailing `/`). */
export function assertValidBlobPrefix(prefix: string): void {
  const segments = prefix.split('/');
  const last = segments.pop() ?? '';
  const valid =
    prefix.length > 0 &&
    prefix.length <= maxKeyLength &&
    segments.every(isBlobKeySegment) &&
    (last === '' ? segments.length > 0 : isBlobKeySegment(last));
  if (!valid) throw new TypeError(`Invalid blob key prefix: ${JSON.stringify(prefix)}`);
}
