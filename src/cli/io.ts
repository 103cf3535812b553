import { fstatSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';

/**
 * Where a command writes, and what it may know about its surroundings. Commands get one of these instead of
 * touching `process`, so tests can run them in-process and read what they printed.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
  /** A person may be watching stderr: progress goes there (cli/progress.ts). */
  readonly stderrIsTTY?: boolean;
}

export function processIo(): CliIo {
  let write: ((text: string) => void) | undefined;
  return {
    stdout: (text) => (write ??= stdoutWriter())(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
  };
}

/**
 * How to write to stdout, decided at the first write. Node writes a file (or /dev/null) synchronously with
 * fs.writeSync, but its stream first copies every string into a new Buffer: writing to the descriptor
 * directly does the same without that copy, which for a large report cost more than the write. A pipe
 * Node writes asynchronously: what the reader has not taken yet waits in memory, and oclif's flush gives up
 * after 10 s (a pager, a slow reader), exiting with the output cut short; blocking writes, as Node does for
 * terminals, keep it whole.
 */
function stdoutWriter(): (text: string) => void {
  const stream = process.stdout as typeof process.stdout & { fd?: number; _handle?: { setBlocking?: (on: boolean) => unknown } };
  const fd = stream.fd;
  if (fd !== undefined && isFile(fd)) return (text) => void writeSync(fd, text);
  stream._handle?.setBlocking?.(true);
  return (text) => void stream.write(text);
}

/** What Node writes with a synchronous fs stream: a regular file, or a device that is not a terminal. */
function isFile(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFile() || (stat.isCharacterDevice() && !isatty(fd));
  } catch {
    return false;
  }
}

/** An io that records output, for tests and for embedding. */
export function memoryIo(options: { env?: Record<string, string | undefined>; stdoutIsTTY?: boolean; stderrIsTTY?: boolean } = {}): CliIo & {
  readonly out: string[];
  readonly err: string[];
} {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    env: options.env ?? {},
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
  };
}
