import { Args, Command, Errors, Flags } from '@oclif/core';
import type { LoadOptions, SourceType } from '../sources/index.js';
import { reportError } from './errors.js';
import type { ExitCode } from './exit-codes.js';
import { processIo, type CliIo } from './io.js';

/**
 * What every synack command shares: `--format`, `--color/--no-color`, and the mapping of errors to one-line
 * messages and exit codes (src/cli/errors.ts) — including oclif's own flag parse errors, which arrive here.
 * The exit code is set on `process.exitCode` rather than by `process.exit`, so stdout is flushed in full.
 */
export abstract class SynackCommand extends Command {
  static override baseFlags = {
    format: Flags.option({
      options: ['text', 'json'] as const,
      default: 'text' as const,
      summary: 'Output format.',
      description: 'json output follows the schemas in the schemas/ folder of the package.',
    })(),
    color: Flags.boolean({
      allowNo: true,
      summary: 'Colour the text output (default: only when stdout is a terminal and NO_COLOR is unset).',
    }),
  };

  protected readonly io: CliIo = processIo();

  protected finish(code: ExitCode): void {
    process.exitCode = code;
  }

  override async catch(err: Error & { exitCode?: number }): Promise<unknown> {
    if (err instanceof Errors.ExitError) throw err;
    // A parse error was handled here: keep oclif from also warning "did not parse its arguments" (it does
    // so outside production, e.g. under NODE_ENV=development or test).
    this.parsed = true;
    this.finish(reportError(err, this.io));
    return undefined;
  }
}

/** The `<sources…>` argument the commands share; optional where `--live` can stand in for it. */
export function sourcesArg(options: { live: boolean }) {
  return Args.string({
    required: !options.live,
    description: `Input files or folders: AWS CLI describe-* JSON exports, synack snapshots, … (one or more${options.live ? '; none with --live' : ''}).`,
  });
}

/**
 * `--source-type`'s choices: SOURCE_TYPES of src/sources/index.ts, repeated here because the command table
 * must not load the importers (a test checks that the two lists agree).
 */
export const SOURCE_TYPE_OPTIONS = ['aws-cli', 'snapshot', 'np-guard', 'terraform', 'cloudformation'] as const satisfies readonly SourceType[];

/** A CloudFormation parameter name: a template parameter's logical id (alphanumeric) or a pseudo parameter (AWS::Region). */
const PARAMETER_NAME = /^[A-Za-z0-9]+(::[A-Za-z0-9]+)*$/;

/**
 * `--source-type` and `--parameter`, for every command that reads sources (trace, check, lint, matrix, diff).
 * --parameter is repeatable and never split at commas: a value may hold them (a CommaDelimitedList
 * parameter takes `Subnets=subnet-a,subnet-b`). A malformed one is a usage error (exit 2) at parse time.
 */
export const sourceFlags = {
  'source-type': Flags.option({
    options: SOURCE_TYPE_OPTIONS,
    summary: "Read every source file as this format instead of detecting each file's (a file of another format is an error).",
    description: 'With --live it applies to the files only, not to the network read from AWS.',
  })(),
  parameter: Flags.string({
    helpValue: 'KEY=VALUE',
    multiple: true,
    multipleNonGreedy: true,
    summary: 'A CloudFormation template parameter, KEY=VALUE (repeatable; a value may contain commas and "="). Used instead of the parameter\'s Default.',
    description: 'Needed for a parameter without a Default whose value decides a rule (a CIDR, a port). KEY may also be a pseudo parameter such as AWS::Region.',
    parse: async (input) => {
      const eq = input.indexOf('=');
      const key = eq < 0 ? '' : input.slice(0, eq);
      if (eq < 0 || !PARAMETER_NAME.test(key)) {
        throw new Errors.CLIError(
          `Expected KEY=VALUE with KEY a template parameter name (letters and digits) or a pseudo parameter such as AWS::Region but received: ${input}`,
        );
      }
      return input;
    },
  }),
};

export interface SourceFlagValues {
  readonly 'source-type'?: SourceType;
  /** KEY=VALUE strings, already checked by the flag's parse. */
  readonly parameter?: readonly string[];
}

/**
 * The load options the flags ask for. A parameter given twice with different values is a usage error: which
 * one was meant cannot be told.
 */
export function loadOptionsFromFlags(flags: SourceFlagValues): LoadOptions {
  const parameters: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const text of flags.parameter ?? []) {
    const eq = text.indexOf('=');
    const key = text.slice(0, eq);
    const value = text.slice(eq + 1);
    if (Object.hasOwn(parameters, key) && parameters[key] !== value) {
      throw new Errors.CLIError(`--parameter ${key} is given twice, as ${JSON.stringify(parameters[key])} and ${JSON.stringify(value)}`);
    }
    parameters[key] = value;
  }
  return {
    ...(flags['source-type'] !== undefined ? { sourceType: flags['source-type'] } : {}),
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
  };
}
