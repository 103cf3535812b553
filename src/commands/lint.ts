import { Flags } from '@oclif/core';
import { SynackCommand, loadOptionsFromFlags, sourceFlags, sourcesArg } from '../cli/base-command.js';
import { liveSourceFlags, sourcesOrLive, withLiveSourceIfAsked } from '../cli/live-flags.js';
import type { LintFormat } from '../cli/lint.js';

export default class Lint extends SynackCommand {
  static override summary = 'Lint network ACLs and security groups: missing return rules, shadowed rules, world-open admin ports, …';

  static override description = `Runs every lint rule (docs/rules/) over the inputs and prints the findings, each at the exact rule of the input file. Without --config, .synack.yml in the current directory is read when present: rule settings (off, or a severity), adminPorts, webPorts, clientPorts per subnet, ENI or tag, and ignores with a mandatory reason. A resource tag synack:ignore = rule-id[,rule-id] suppresses findings on that resource. Suppressed findings are counted, and listed in json and sarif output.

Exit status: 0 no unsuppressed finding at or above --fail-on, 1 at least one, 2 usage or input error (also: an invalid configuration or baseline file). --write-baseline exits 0.`;

  static override examples = [
    '<%= config.bin %> <%= command.id %> exports/',
    '<%= config.bin %> <%= command.id %> exports/ --format sarif > synack.sarif',
    '<%= config.bin %> <%= command.id %> exports/ --write-baseline .synack-baseline.json',
    '<%= config.bin %> <%= command.id %> exports/ --baseline .synack-baseline.json --fail-on warning',
    '<%= config.bin %> <%= command.id %> exports/ --format markdown --fail-on none > comment.md',
  ];

  static override strict = false;

  static override args = {
    sources: sourcesArg({ live: true }),
  };

  static override flags = {
    format: Flags.option({
      options: ['text', 'json', 'sarif', 'markdown', 'junit'] as const,
      default: 'text' as const,
      summary: 'Output format.',
      description: 'json follows schemas/lint-output.schema.json; sarif is SARIF 2.1.0 for code scanning; markdown is a pull-request comment; junit is a JUnit XML test report (one test case per rule).',
    })(),
    annotations: Flags.boolean({
      allowNo: true,
      default: true,
      summary: 'On GitHub Actions (GITHUB_ACTIONS=true), also write workflow annotations to stderr (--no-annotations: do not).',
    }),
    'fail-on': Flags.option({
      options: ['error', 'warning', 'note', 'none'] as const,
      default: 'error' as const,
      summary: 'Exit 1 when an unsuppressed finding at or above this severity remains.',
    })(),
    config: Flags.string({ summary: 'Configuration file (YAML or JSON; see schemas/config.schema.json). Default: .synack.yml when present.' }),
    baseline: Flags.string({ summary: 'Baseline file from --write-baseline: findings it lists are suppressed, so only new ones fail.' }),
    'write-baseline': Flags.string({ summary: "Record today's findings in this file (replaced atomically) and exit 0." }),
    'client-ports': Flags.string({
      summary: "The clients' ephemeral port range for every client: lo-hi, or linux, windows, windows-legacy, nat-gateway, elb, lambda, any.",
      description: 'Overrides the clientPorts of the configuration. Without either, each client range is inferred (instance platform, interface type), 1024-65535 when nothing tells.',
    }),
    ...sourceFlags,
    ...liveSourceFlags,
  };

  async run(): Promise<void> {
    const { argv, flags } = await this.parse(Lint);
    // The runner and what it needs load only now: the command table stays light for start-up.
    const [{ runLint }, { defaultDeps }] = await Promise.all([import('../cli/lint.js'), import('../cli/default-deps.js')]);
    const code = await runLint(
      {
        sources: sourcesOrLive(argv as string[], flags),
        ...loadOptionsFromFlags(flags),
        format: flags.format as LintFormat,
        failOn: flags['fail-on'],
        ...(flags.config !== undefined ? { config: flags.config } : {}),
        ...(flags.baseline !== undefined ? { baseline: flags.baseline } : {}),
        ...(flags['write-baseline'] !== undefined ? { writeBaseline: flags['write-baseline'] } : {}),
        ...(flags['client-ports'] !== undefined ? { clientPorts: flags['client-ports'] } : {}),
        ...(flags.color !== undefined ? { color: flags.color } : {}),
        annotations: flags.annotations,
        cwd: process.cwd(),
        toolVersion: this.config.version,
        quiet: flags.quiet,
      },
      this.io,
      await withLiveSourceIfAsked(defaultDeps, flags, this.io, this.config),
    );
    this.finish(code);
  }
}
