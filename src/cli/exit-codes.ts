/** synack's exit codes (README "Exit codes"). */
export const ExitCode = {
  /** trace: reachable; check: every flow got its expected verdict. */
  ok: 0,
  /** trace: partial, unreachable or unknown; check: at least one flow did not get its expected verdict. */
  failed: 1,
  /** Usage or input error: bad flags, unreadable or invalid files, endpoints that do not resolve. */
  usage: 2,
  /** A bug in synack (EX_SOFTWARE from sysexits.h). */
  internal: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
