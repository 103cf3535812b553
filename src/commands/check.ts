import { Flags } from '@oclif/core';
import { SynackCommand, loadOptionsFromFlags, sourceFlags, sourcesArg } from '../cli/base-command.js';
import { liveSourceFlags, sourcesOrLive, withLiveSourceIfAsked } from '../cli/live-flags.js';

export default class Check extends SynackCommand {
  static override summary = 'Check a list of flows (JSON or YAML) against their expected verdicts.';

  static override description = `The flows file is a list of flows, or an object with a "flows" list. Each flow has from, to, port, and optionally name, protocol (tcp), clientPorts ("lo-hi" or a profile) and expect (reachable, partial, unreachable, unknown). A flow without expect is expected to be reachable.

Exit status: 0 every flow got its expected verdict, 1 at least one did not, 2 usage or input error.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> exports/ --flows flows.yaml',
    '<%= config.bin %> <%= command.id %> exports/ --flows flows.json --format json',
  ];

  static override strict = false;

  static override args = {
    sources: sourcesArg({ live: true }),
  };

  static override flags = {
    flows: Flags.string({ required: true, summary: 'The flows file (JSON or YAML; see schemas/flows.schema.json).' }),
    format: Flags.option({
      options: ['text', 'json', 'junit'] as const,
      default: 'text' as const,
      summary: 'Output format.',
      description: 'json follows schemas/check-output.schema.json; junit is a JUnit XML test report (one test case per flow).',
    })(),
    annotations: Flags.boolean({
      allowNo: true,
      default: true,
      summary: 'On GitHub Actions (GITHUB_ACTIONS=true), also write workflow annotations to stderr (--no-annotations: do not).',
    }),
    ...sourceFlags,
    ...liveSourceFlags,
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Check);
    // The runner and what it needs load only now: the command table stays light for start-up.
    const [{ runCheck }, { defaultDeps }] = await Promise.all([import('../cli/check.js'), import('../cli/default-deps.js')]);
    const code = await runCheck(
      {
        sources: sourcesOrLive(argv as string[], flags),
        ...loadOptionsFromFlags(flags),
        flows: flags.flows,
        format: flags.format,
        ...(flags.color !== undefined ? { color: flags.color } : {}),
        annotations: flags.annotations,
        cwd: process.cwd(),
      },
      this.io,
      await withLiveSourceIfAsked(defaultDeps, flags, this.io, this.config),
    );
    this.finish(code);
  }
}
