/**
 * Where a command writes, and what it may know about its surroundings. Commands get one of these instead of
 * touching `process`, so tests can run them in-process and read what they printed.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}

/** An io that records output, for tests and for embedding. */
export function memoryIo(options: { env?: Record<string, string | undefined>; stdoutIsTTY?: boolean } = {}): CliIo & {
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
  };
}
