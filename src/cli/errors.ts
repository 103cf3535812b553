import { Errors } from '@oclif/core';
import { formatProblem, InputError } from '../model/errors.js';
import { escapeTerminal } from '../report/escape.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/**
 * The one place errors become output and exit codes:
 * - InputError: one `file:line pointer: message` line per problem on stderr, exit 2;
 * - oclif's flag/argument parse errors (CLIError with exit 2): one line on stderr, exit 2;
 * - anything else is a bug: `synack: internal error: …` and exit 70; the stack only when DEBUG is set.
 * Nothing goes to stdout, so `--format json` consumers never read half a document.
 */
export function reportError(err: unknown, io: Pick<CliIo, 'stderr' | 'env'>): ExitCode {
  if (err instanceof InputError) {
    const lines = err.problems.length ? err.problems.map(formatProblem) : [err.message];
    io.stderr(lines.map((l) => escapeTerminal(l) + '\n').join(''));
    return ExitCode.usage;
  }
  const usage = usageErrorText(err);
  if (usage !== undefined) {
    io.stderr(`${escapeTerminal(usage)}\n`);
    return ExitCode.usage;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr(`synack: internal error: ${escapeTerminal(firstLine(message))}\n`);
  if (io.env.DEBUG !== undefined && io.env.DEBUG !== '' && err instanceof Error && err.stack) {
    io.stderr(`${err.stack}\n`);
  } else {
    io.stderr('This is a bug in synack; run again with DEBUG=1 for the stack trace and report it.\n');
  }
  return ExitCode.internal;
}

/**
 * oclif's parse errors (missing/unknown flags, bad option values, …) are CLIErrors whose `oclif.exit` is 2
 * (oclif's default for CLIError); their message spans lines ("…\nSee more help with --help"). Returns one
 * line, or undefined for other errors.
 */
export function usageErrorText(err: unknown): string | undefined {
  if (!(err instanceof Errors.CLIError) || err instanceof Errors.ExitError || err.oclif.exit !== 2) return undefined;
  const args = (err as { args?: unknown }).args;
  if (err.message.startsWith('Missing ') && Array.isArray(args)) {
    const names = args.map((a: { name?: string }) => a.name).filter(Boolean);
    return `synack: missing required argument${names.length === 1 ? '' : 's'}: ${names.join(', ') || '?'} (see --help)`;
  }
  const lines = err.message
    // oclif colours parts of some messages itself (dim reasons); those codes are not ours to print.
    // eslint-disable-next-line no-control-regex
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^See more help with/.test(l) && !/^The following errors? occurred:?$/.test(l));
  let text = '';
  for (const line of lines) {
    if (text === '') text = line;
    else if (text.endsWith(':')) text += ` ${line}`;
    else if (/^Parsing --\S+$/.test(text)) text += `: ${line}`;
    else text += `; ${line}`;
  }
  return `synack: ${text.replace(/\s+/g, ' ') || 'invalid usage'} (see --help)`;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}
