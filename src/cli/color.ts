/**
 * Colour only for a person at a terminal: stdout is a TTY, `NO_COLOR` is unset or empty (no-color.org),
 * `TERM` is not `dumb`, and `--no-color` was not given. `--color` forces it on (and wins over the rest);
 * `FORCE_COLOR` (other than `0`/`false`) forces it on unless `NO_COLOR` or `--no-color` says otherwise.
 */
export function useColor(options: {
  /** `--color` → true, `--no-color` → false, neither → undefined. */
  readonly flag: boolean | undefined;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdoutIsTTY: boolean;
}): boolean {
  if (options.flag !== undefined) return options.flag;
  const { env } = options;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force.toLowerCase() !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return options.stdoutIsTTY;
}
