import { Args, Command, Errors, Flags } from '@oclif/core';
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
