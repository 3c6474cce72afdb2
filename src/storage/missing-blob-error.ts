/** A stored row references a blob the blob store no longer has (deleted by a concurrent save, or lost). */
export class MissingBlobError extends Error {
  override readonly name = 'MissingBlobError';

  constructor(
    /** The blob key that was not found. */
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`Stored blob ${key} is missing`, options);
  }
}
