import type { Logger } from 'pino';
import type { ResponseEventLog } from '../../storage/response-event-log.ts';
import { ResponseCancelled, ServerStopping } from './abort-reasons.ts';

export interface BackgroundRunsOptions {
  events: ResponseEventLog;
  logger: Logger;
  /**
   * How often, in milliseconds, running work looks for a cancel recorded by another instance,
   * and a stream follower looks for events another instance logged.
   */
  pollMillis: number;
}

interface Run {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * The background responses this instance runs, detached from the requests that started them:
 * a client going away stops nothing; a cancel (asked here, or recorded in the database by
 * another instance) or the server stopping aborts the run. Also the wake-up point for stream
 * followers of this instance: each append to the event log notifies them at once.
 */
export class BackgroundRuns {
  private readonly running = new Map<string, Run>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private cancelTimer: NodeJS.Timeout | undefined;
  private polling = false;

  constructor(private readonly options: BackgroundRunsOptions) {}

  get pollMillis(): number {
    return this.options.pollMillis;
  }

  /** Runs `work` until it ends; errors are logged (the run stores its own failure). */
  start(responseId: string, work: (abortSignal: AbortSignal) => Promise<void>): void {
    const controller = new AbortController();
    const done = work(controller.signal)
      .catch((error: unknown) => this.options.logger.error({ err: error, responseId }, 'background response failed'))
      .finally(() => {
        this.running.delete(responseId);
        if (this.running.size === 0) this.stopCancelPolling();
        this.notify(responseId);
      });
    this.running.set(responseId, { controller, done });
    this.startCancelPolling();
  }

  isRunning(responseId: string): boolean {
    return this.running.has(responseId);
  }

  /** Aborts the run when it is on this instance; whether it was. */
  cancel(responseId: string): boolean {
    const run = this.running.get(responseId);
    if (run === undefined) return false;
    run.controller.abort(new ResponseCancelled());
    return true;
  }

  /** Resolves when the run on this instance is over (at once when there is none). */
  async settled(responseId: string): Promise<void> {
    await this.running.get(responseId)?.done;
  }

  /** Tells this instance's followers of the response that something changed. */
  notify(responseId: string): void {
    for (const listener of this.listeners.get(responseId) ?? []) listener();
  }

  /**
   * Resolves at the next `notify(responseId)`, after `pollMillis` (another instance may have
   * logged events), or when `signal` aborts. Subscribe before reading, so no change is missed.
   */
  nextChange(responseId: string, signal: AbortSignal): { changed: Promise<void>; cancel: () => void } {
    let finish: () => void = () => undefined;
    const changed = new Promise<void>((resolve) => (finish = resolve));
    const timer = setTimeout(() => finish(), this.options.pollMillis);
    const listeners = this.listeners.get(responseId) ?? new Set<() => void>();
    this.listeners.set(responseId, listeners);
    const listener = () => finish();
    listeners.add(listener);
    signal.addEventListener('abort', listener);
    const cancel = () => {
      clearTimeout(timer);
      listeners.delete(listener);
      if (listeners.size === 0) this.listeners.delete(responseId);
      signal.removeEventListener('abort', listener);
      finish();
    };
    void changed.then(cancel);
    return { changed, cancel };
  }

  /** Aborts every run (they end `failed`, stored) and waits for them to finish storing. */
  async stopAll(): Promise<void> {
    const runs = [...this.running.values()];
    for (const run of runs) run.controller.abort(new ServerStopping());
    await Promise.all(runs.map((run) => run.done));
    this.stopCancelPolling();
  }

  private startCancelPolling(): void {
    if (this.cancelTimer !== undefined) return;
    this.cancelTimer = setInterval(() => void this.pollCancels(), this.options.pollMillis);
    this.cancelTimer.unref();
  }

  private stopCancelPolling(): void {
    clearInterval(this.cancelTimer);
    this.cancelTimer = undefined;
  }

  /** A cancel that landed on another instance is only in the database: look for it. */
  private async pollCancels(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const responseId of [...this.running.keys()]) {
        if (await this.options.events.cancelRequested(responseId)) this.cancel(responseId);
      }
    } catch (error) {
      this.options.logger.error({ err: error }, 'looking for cancel requests failed');
    } finally {
      this.polling = false;
    }
  }
}
