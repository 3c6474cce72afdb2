/**
 * Work no client waits for (a finished request's metrics and access-log line), kept until the
 * process would wait anyway instead of running between one answer and the next request: drained
 * right after an upstream request leaves (the upstream takes far longer to answer than this
 * takes), before metrics or live stats are read, on shutdown and at exit, and otherwise by a
 * timer at most `IDLE_WORK_MAX_DELAY_MS` after the oldest item. Items run in the order given.
 */
export const IDLE_WORK_MAX_DELAY_MS = 5;

let queue: Array<() => void> = [];
let spare: Array<() => void> = [];
let maxDelayMillis = IDLE_WORK_MAX_DELAY_MS;
let timer: NodeJS.Timeout | undefined;
let draining = false;
let drainsAtExit = false;

/** Runs `work` soon, once the process is about to wait, after all work given before it. */
export function whenIdle(work: () => void): void {
  if (queue.length === 0) armTimer();
  queue.push(work);
}

/** Runs every item waiting now (and any they add), in order; cheap when there is none. */
export function drainIdleWork(): void {
  // An item that drains (through an upstream call of its own) finds the rest already on their way.
  if (draining || queue.length === 0) return;
  draining = true;
  try {
    while (queue.length > 0) {
      const running = queue;
      queue = spare;
      for (let index = 0; index < running.length; index += 1) runItem(running[index]!);
      running.length = 0;
      spare = running;
    }
  } finally {
    draining = false;
  }
}

/** How many items wait (tests). */
export function idleWorkPending(): number {
  return queue.length;
}

/** Tests hold the work longer to see what else drains it. */
export function setIdleWorkMaxDelay(millis: number): void {
  maxDelayMillis = millis;
  clearTimeout(timer);
  timer = undefined;
  if (queue.length > 0) armTimer();
}

/**
 * One timer for the life of the process, refreshed when the queue stops being empty: under load
 * the next upstream request drains the queue first and it never fires. It does not hold the
 * process open; an exiting process drains what is left.
 */
function armTimer(): void {
  if (timer === undefined) {
    timer = setTimeout(drainIdleWork, maxDelayMillis);
    timer.unref();
  } else timer.refresh();
  if (!drainsAtExit) {
    drainsAtExit = true;
    process.once('exit', drainIdleWork);
  }
}

/** A failing item leaves the others and whoever drains alone, and still fails loudly (as uncaught). */
function runItem(work: () => void): void {
  try {
    work();
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}
