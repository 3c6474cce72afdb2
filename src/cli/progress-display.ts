/** A one-line status shown while work runs: redrawn in place on a terminal, absent elsewhere. */
export interface ProgressDisplay {
  /** Replaces the status text (the spinner and elapsed time are added). */
  update(text: string): void;
  /**
   * Prints a whole line above the status line, on the display's stream or on `target` (stdout
   * and stderr are often the same terminal, so the status line is lifted out of the way first).
   */
  log(text: string, target?: DisplayStream): void;
  /** Removes the status line and stops redrawing; a later `update` starts a fresh clock. */
  stop(): void;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const FRAME_MILLIS = 80;
const CLEAR_LINE = '\r\x1b[2K';

/** What the display draws on: a terminal stream (`isTTY`, `columns`) or any writable. */
export interface DisplayStream {
  write(text: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

/**
 * A spinner with elapsed seconds on `stream` when it is a terminal; otherwise a display that
 * draws nothing (no ANSI codes in pipes or files) and passes `log` lines straight through.
 */
export function createProgressDisplay(stream: DisplayStream, now: () => number = Date.now): ProgressDisplay {
  if (stream.isTTY !== true) {
    return { update: () => undefined, log: (text, target = stream) => void target.write(`${text}\n`), stop: () => undefined };
  }
  let startedAt = now();
  let text = '';
  let frame = 0;
  let drawn = false;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    const seconds = ((now() - startedAt) / 1000).toFixed(1);
    const line = `${FRAMES[frame % FRAMES.length]} ${text} ${seconds}s`;
    // Longer than the terminal would wrap, and `\r` only returns to the start of the last row.
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`${CLEAR_LINE}${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
    drawn = true;
  };
  const clear = () => {
    if (drawn) stream.write(CLEAR_LINE);
    drawn = false;
  };
  return {
    update(next) {
      text = next;
      if (!timer) {
        startedAt = now();
        timer = setInterval(() => {
          frame++;
          draw();
        }, FRAME_MILLIS);
        timer.unref();
      }
      draw();
    },
    log(line, target = stream) {
      const wasDrawn = drawn;
      clear();
      target.write(`${line}\n`);
      if (wasDrawn && timer) draw();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      clear();
    },
  };
}
