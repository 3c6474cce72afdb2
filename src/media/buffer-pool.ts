/**
 * Multi-megabyte buffers handed out for one use each and taken back once that use is over (a JSON
 * answer holding an image, once its socket has sent it), so answer after answer reuses the same
 * few buffers: each new one would count against V8's external memory, whose growth forces a full
 * garbage collection about every 64 MB. Only free buffers are held; one never given back is
 * simply collected.
 */
export class BufferPool {
  private readonly free: Array<Buffer<ArrayBuffer>> = [];
  private freeBytes = 0;

  /**
   * @param maxBytes requests larger than this get a buffer of their own, never pooled.
   * @param maxFreeBytes free buffers kept at most, in bytes all together.
   */
  constructor(
    private readonly maxBytes: number,
    private readonly maxFreeBytes: number,
  ) {}

  /** A buffer of exactly `length` bytes, not zeroed, and `release` to call once nothing reads it any more. */
  lease(length: number): { bytes: Buffer<ArrayBuffer>; release: () => void } {
    if (length > this.maxBytes) return { bytes: Buffer.allocUnsafeSlow(length), release: noop };
    const index = this.free.findIndex((buffer) => buffer.length >= length);
    let whole: Buffer<ArrayBuffer>;
    if (index >= 0) {
      whole = this.free.splice(index, 1)[0] as Buffer<ArrayBuffer>;
      this.freeBytes -= whole.length;
    } else {
      // A power of two, so answers of slightly different sizes fit the same buffer.
      whole = Buffer.allocUnsafeSlow(Math.min(this.maxBytes, 2 ** Math.ceil(Math.log2(Math.max(length, 1)))));
    }
    let released = false;
    return {
      bytes: whole.subarray(0, length),
      release: () => {
        if (released) return;
        released = true;
        if (this.freeBytes + whole.length > this.maxFreeBytes) return;
        this.free.push(whole);
        this.freeBytes += whole.length;
      },
    };
  }
}

function noop(): void {}
