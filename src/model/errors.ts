/** One problem with the user's input, located as precisely as we can. */
export interface InputProblem {
  /** The file (or flag, e.g. `--from`) the problem is in. */
  readonly file: string;
  /** RFC 6901 JSON pointer, when the problem is inside a JSON/YAML document. */
  readonly pointer?: string;
  /** 1-based line, when known. */
  line?: number;
  /** What is wrong and what was expected. */
  readonly message: string;
}

/**
 * Thrown at the end of a stage that found user mistakes: carries all of them at once. Commands print one
 * line per problem and exit 2; it is never shown as a stack trace.
 */
export class InputError extends Error {
  constructor(readonly problems: readonly InputProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'InputError';
  }
}

export function formatProblem(p: InputProblem): string {
  const where = [p.file, p.line !== undefined ? String(p.line) : undefined].filter(Boolean).join(':');
  const pointer = p.pointer !== undefined && p.pointer !== '' ? ` ${p.pointer}` : '';
  return `${where}${pointer}: ${p.message}`;
}
