import { ApiError } from '../errors/api-error.ts';

export interface ImageJobGateLimits {
  /** Image jobs running at once. */
  readonly maxRunning: number;
  /** Jobs that may wait for a slot; past this a job is refused at once. */
  readonly maxQueued: number;
  /** How long a queued job waits for a slot before it is refused. */
  readonly maxWaitMillis: number;
}

/** 503 `server_is_overloaded`: image work is at its cap. `retryAfterSeconds` feeds `Retry-After`. */
export class ServerOverloadedError extends ApiError {
  constructor(retryAfterSeconds: number) {
    super(503, 'server_error', 'The server is busy with other image work. Please retry after a short wait.', null, 'server_is_overloaded', {
      retryAfterSeconds,
      shouldRetry: true,
    });
  }
}

/** Gives back a slot; calling it twice gives back one slot. */
export type ReleaseImageJob = () => void;

interface Waiter {
  grant(): void;
}

/**
 * Bounds how much image work (decodes, renders, encodes, upstream image calls) runs at once, so
 * load cannot exhaust memory: past `maxRunning` jobs wait in a short FIFO queue, and past the
 * queue (or after waiting `maxWaitMillis`) they are refused with a 503 a client can retry.
 */
export class ImageJobGate {
  private running = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limits: ImageJobGateLimits) {}

  /** Jobs running and waiting now (for health and metrics). */
  get load(): { running: number; queued: number } {
    return { running: this.running, queued: this.waiting.length };
  }

  /** Waits for a slot; throws ServerOverloadedError when none frees in time or the queue is full. */
  acquire(abortSignal?: AbortSignal): Promise<ReleaseImageJob> {
    if (this.running < this.limits.maxRunning) {
      this.running += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.limits.maxQueued || this.limits.maxWaitMillis === 0) return Promise.reject(this.overloaded());
    return new Promise<ReleaseImageJob>((resolve, reject) => {
      const leave = () => {
        clearTimeout(timer);
        abortSignal?.removeEventListener('abort', onAbort);
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
      };
      const waiter: Waiter = {
        grant: () => {
          leave();
          resolve(this.releaser());
        },
      };
      const timer = setTimeout(() => {
        leave();
        reject(this.overloaded());
      }, this.limits.maxWaitMillis);
      const onAbort = () => {
        leave();
        reject(abortSignal?.reason);
      };
      abortSignal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  private releaser(): ReleaseImageJob {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The slot passes straight to the next waiter, so `running` never dips and overshoots.
      const next = this.waiting[0];
      if (next) next.grant();
      else this.running -= 1;
    };
  }

  private overloaded(): ServerOverloadedError {
    return new ServerOverloadedError(Math.max(1, Math.ceil(this.limits.maxWaitMillis / 1000)));
  }
}
