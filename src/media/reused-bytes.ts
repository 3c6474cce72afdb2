/**
 * One buffer that bodies are joined into again and again, instead of a new one per body: a relayed
 * image answer is megabytes that are read once (its base64 is copied out as a string) and then
 * dropped, and each new multi-megabyte buffer counts against V8's external memory, whose growth
 * (about every 64 MB) forces a full garbage collection. What `join` returns is valid only until the
 * next `join`: callers read it synchronously and copy out what they keep.
 */
export class ReusedBytes {
  private buffer: Buffer | undefined;

  /** @param maxBytes bodies larger than this get a buffer of their own (so one huge body is not kept). */
  constructor(private readonly maxBytes: number) {}

  join(chunks: ReadonlyArray<Uint8Array>): Buffer {
    let length = 0;
    for (const chunk of chunks) length += chunk.byteLength;
    if (length > this.maxBytes) return Buffer.concat(chunks, length);
    if (this.buffer === undefined || this.buffer.length < length) {
      // Grown to a power of two at least, so a few slightly larger bodies do not each reallocate it.
      this.buffer = Buffer.allocUnsafeSlow(Math.min(this.maxBytes, 2 ** Math.ceil(Math.log2(Math.max(length, 1)))));
    }
    let offset = 0;
    for (const chunk of chunks) {
      this.buffer.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return this.buffer.subarray(0, length);
  }
}
