// What a long command is doing, on one line of stderr that each step overwrites and the end clears: for a
// person at a terminal waiting on a large account, never in a log.
import type { CliIo } from './io.js';

export interface Progress {
  /** What the command does now. Shown only once the run has lasted `delayMs`: short runs print nothing. */
  step(text: string): void;
  /** Clears the line. Call it before anything else is printed (the report, an error). */
  done(): void;
}

export const NO_PROGRESS: Progress = { step: () => undefined, done: () => undefined };

const CLEAR_LINE = '\r\u001b[2K';

/** A status line written with `write`; `now` and `delayMs` are for tests. */
export function statusLine(write: (text: string) => void, options: { readonly now?: () => number; readonly delayMs?: number } = {}): Progress {
  const now = options.now ?? (() => performance.now());
  const delay = options.delayMs ?? 500;
  const start = now();
  let shown = false;
  return {
    step(text) {
      if (!shown && now() - start < delay) return;
      shown = true;
      write(`${CLEAR_LINE}synack: ${text}…`);
    },
    done() {
      if (shown) write(CLEAR_LINE);
      shown = false;
    },
  };
}

/**
 * The progress of a run: a status line when stderr is a terminal that understands it (TERM is not dumb),
 * unless `--quiet`; otherwise nothing. `sharesScreen`: the report streams to the same terminal while the work
 * goes on, where a status line would land in the middle of it.
 */
export function progressFor(io: Pick<CliIo, 'stderr' | 'env' | 'stderrIsTTY'>, options: { readonly quiet?: boolean; readonly sharesScreen?: boolean } = {}): Progress {
  if (options.quiet === true || options.sharesScreen === true || io.stderrIsTTY !== true || io.env.TERM === 'dumb') return NO_PROGRESS;
  return statusLine((text) => io.stderr(text));
}
